using System.Text.Json;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Articles;

/// <summary>
/// schema.org JSON-LD for the article page: a NewsArticle with its author (Person), publisher
/// (Organization with a logo) and the approved comments shown on the first page (Comment).
/// System.Text.Json's default encoder escapes &lt; and &gt;, so no text can close the script element.
/// </summary>
public static class StructuredData
{
    public static string NewsArticle(ArticlePageModel page, SiteContext site, string origin)
    {
        var article = page.Article;
        var url = origin + article.Url;
        var comments = page.CommentsPage.Threads.SelectMany(Flatten).Where(c => !c.IsPending).ToList();
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = article.Title.Length > 110 ? article.Title[..110] : article.Title,
            ["description"] = article.Excerpt,
            ["url"] = url,
            ["mainEntityOfPage"] = new Dictionary<string, object?> { ["@type"] = "WebPage", ["@id"] = url },
            ["datePublished"] = SiteFormatting.Iso(article.PublishedAt),
            ["dateModified"] = SiteFormatting.Iso(article.UpdatedAt),
            ["author"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = article.Author.Name, ["url"] = origin + article.Author.Url },
            ["publisher"] = new Dictionary<string, object?>
            {
                ["@type"] = "Organization",
                ["name"] = site.Settings.Title,
                ["url"] = origin + "/",
                ["logo"] = new Dictionary<string, object?> { ["@type"] = "ImageObject", ["url"] = origin + "/favicon.svg" },
            },
            ["articleSection"] = page.Category?.Name,
            ["keywords"] = article.Tags.Count > 0 ? string.Join(", ", article.Tags.Select(t => t.Name)) : null,
            ["inLanguage"] = site.Culture.Name,
            ["commentCount"] = page.Comments.ApprovedCount,
            ["comment"] = comments.Select(c => new Dictionary<string, object?>
            {
                ["@type"] = "Comment",
                ["@id"] = $"{url}#comment-{c.Id}",
                ["author"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = c.AuthorName },
                ["dateCreated"] = SiteFormatting.Iso(c.CreatedAt),
                ["text"] = c.Body,
            }).ToList(),
        };
        return JsonSerializer.Serialize(data.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    private static IEnumerable<CommentView> Flatten(CommentNode node) => node.Replies.SelectMany(Flatten).Prepend(node.Comment);
}
