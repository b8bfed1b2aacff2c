using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Byline.IntegrationTests.Infrastructure;

public static partial class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return await response.ParseAsync();
    }

    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static string Text(this IElement element) => WhiteSpace().Replace(element.TextContent, " ").Trim();

    /// <summary>
    /// Posts the comment form as a browser would: GET the page, keep its hidden fields (antiforgery
    /// token, form stamp, an empty honeypot) and cookie, fill in these fields, and POST.
    /// </summary>
    public static async Task<HttpResponseMessage> PostCommentAsync(
        this HttpClient client, string articleUrl, IDictionary<string, string> fields, Action? beforePost = null)
    {
        var page = await client.GetDocumentAsync(articleUrl);
        var form = page.QuerySelector("form.comment-form") ?? throw new InvalidOperationException("The page has no comment form.");
        if (form.QuerySelector("input[name=__RequestVerificationToken]") is null)
        {
            throw new InvalidOperationException("The comment form has no antiforgery token.");
        }
        var values = form.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        values["Comment.Phone"] = "";
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        beforePost?.Invoke();
        return await client.PostAsync(articleUrl, new FormUrlEncodedContent(values));
    }

    public static Dictionary<string, string> CommentFields(string name, string email, string body, string website = "", bool save = false) =>
        new()
        {
            ["Comment.Name"] = name,
            ["Comment.Email"] = email,
            ["Comment.Website"] = website,
            ["Comment.Body"] = body,
            ["Comment.SaveDetails"] = save ? "true" : "false",
        };

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
