using AngleSharp.Dom;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>What a moderator's browser does on /admin/comments: press a row's button, tick boxes and apply a bulk action.</summary>
internal static class Moderation
{
    /// <summary>The queue for one article, spelled as the app spells it (pending is the default and not written).</summary>
    public static string QueueOf(Article article, string status = "pending") =>
        status == "pending" ? $"/admin/comments?article={article.Id}" : $"/admin/comments?status={status}&article={article.Id}";

    public static string PublicUrl(Article article) => ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

    public static IElement Row(this IDocument queue, int commentId) =>
        queue.QuerySelector($"#comment-row-{commentId}") ?? throw new InvalidOperationException($"Comment {commentId} is not in the queue.");

    /// <summary>Clicks the row button whose value is <paramref name="act"/> (approve, spam, not-spam, trash, restore, delete, unapprove).</summary>
    public static async Task<HttpResponseMessage> PressAsync(this HttpClient client, string queueUrl, int commentId, string act)
    {
        var queue = await client.GetDocumentAsync(queueUrl);
        var button = queue.Row(commentId).QuerySelector($"button[value='{act}']")
                     ?? throw new InvalidOperationException($"Comment {commentId} has no '{act}' button in {queueUrl}.");
        var form = button.Closest("form")!;
        return await client.SubmitFormAsync(form, queueUrl, submitter: $"button[value='{act}']");
    }

    /// <summary>Ticks the comments' boxes (they belong to the bulk form by its id), chooses the action and presses Apply.</summary>
    public static async Task<HttpResponseMessage> BulkAsync(this HttpClient client, string queueUrl, string action, params int[] commentIds)
    {
        var queue = await client.GetDocumentAsync(queueUrl);
        var form = queue.QuerySelector("form#bulk-form") ?? throw new InvalidOperationException("No bulk form.");
        var values = Forms.FieldsOf(form);
        values.RemoveAll(v => v.Key == "bulk");
        values.Add(new("bulk", action));
        foreach (var id in commentIds)
        {
            var box = queue.Row(id).QuerySelector($"input[type=checkbox][form='bulk-form'][value='{id}']")
                      ?? throw new InvalidOperationException($"Comment {id} has no bulk checkbox.");
            values.Add(new(box.GetAttribute("name")!, box.GetAttribute("value")!));
        }
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    /// <summary>The status message the next page shows (TempData), read by following the redirect.</summary>
    public static async Task<string?> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, redirect.StatusCode);
        var next = await client.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
        return next.QuerySelector("main .notice[role=status]")?.Text();
    }
}
