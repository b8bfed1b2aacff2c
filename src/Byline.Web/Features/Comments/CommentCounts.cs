namespace Byline.Web.Features.Comments;

public static class CommentCounts
{
    /// <summary>"No Comments", "1 Comment", "4 Comments".</summary>
    public static string Text(int count) => count switch
    {
        0 => "No Comments",
        1 => "1 Comment",
        _ => $"{count:N0} Comments",
    };
}
