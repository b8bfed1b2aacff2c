using Byline.Web.Features.Articles;

namespace Byline.Web.Features.Admin.Articles;

public static class StatusNames
{
    public static string Of(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "Draft",
        ArticleStatus.PendingReview => "Pending review",
        ArticleStatus.Scheduled => "Scheduled",
        ArticleStatus.Published => "Published",
        ArticleStatus.Trashed => "In the trash",
        _ => status.ToString(),
    };
}
