using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Byline.ClusterTests.Infrastructure;

/// <summary>
/// A person with one cookie jar, who may talk to any address of the cluster (node A, node B, nginx):
/// the same cookies go everywhere, as they would through one host name. Redirects are not followed,
/// so tests see what each POST answered.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly Dictionary<Uri, HttpClient> _clients = [];

    public CookieContainer Cookies { get; } = new();

    /// <summary>A client for one address, sharing this browser's cookies.</summary>
    public HttpClient On(Uri address)
    {
        if (!_clients.TryGetValue(address, out var client))
        {
            client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromSeconds(15),
            };
            _clients[address] = client;
        }
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    public static async Task<IDocument> GetDocumentAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {client.BaseAddress}{url.TrimStart('/')} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static string Text(IElement element) => WhiteSpace().Replace(element.TextContent, " ").Trim();

    /// <summary>Signs in with the login form; returns the response (302 when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        await SubmitFormAsync(client, "/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = password });

    /// <summary>GETs the page, fills the form as a browser would (antiforgery token included) and POSTs it.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        HttpClient client, string pageUrl, string formSelector, IDictionary<string, string>? fields = null, string? submitter = null)
    {
        var page = await GetDocumentAsync(client, pageUrl);
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"{pageUrl} has no form matching '{formSelector}'.");
        return await SubmitFormAsync(client, form, pageUrl, fields, submitter);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(
        HttpClient client, IElement form, string pageUrl, IDictionary<string, string>? fields = null, string? submitter = null)
    {
        var values = FieldsOf(form);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }
        if (submitter is not null)
        {
            var button = form.QuerySelector(submitter) ?? throw new InvalidOperationException($"The form has no '{submitter}'.");
            if (button.GetAttribute("name") is { } name)
            {
                values.Add(new(name, button.GetAttribute("value") ?? ""));
            }
        }
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(action, content);
    }

    /// <summary>What a browser sends for the form as rendered: inputs, checked boxes, selected options, text areas.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IElement form)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element.LocalName)
            {
                case "input":
                    var type = element.GetAttribute("type")?.ToLowerInvariant() ?? "text";
                    if (type is "submit" or "button" or "image" or "file" or "reset"
                        || (type is "checkbox" or "radio" && !element.HasAttribute("checked")))
                    {
                        continue;
                    }
                    values.Add(new(name, element.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case "select":
                    var selected = element.QuerySelectorAll("option[selected]").ToList();
                    if (selected.Count == 0 && element.QuerySelector("option") is { } first && !element.HasAttribute("multiple"))
                    {
                        selected.Add(first);
                    }
                    values.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.GetAttribute("value") ?? o.TextContent)));
                    break;
                default:
                    values.Add(new(name, element.TextContent));
                    break;
            }
        }
        return values;
    }

    /// <summary>
    /// Posts the article's comment form as a visitor: GET the page (antiforgery token, form stamp, empty
    /// honeypot), fill in the fields, POST to the article's address.
    /// </summary>
    public static async Task<HttpResponseMessage> PostCommentAsync(HttpClient client, string articleUrl, string name, string email, string body)
    {
        var page = await GetDocumentAsync(client, articleUrl);
        var form = page.QuerySelector("form.comment-form") ?? throw new InvalidOperationException($"{articleUrl} has no comment form.");
        return await SubmitFormAsync(client, form, articleUrl, new Dictionary<string, string>
        {
            ["Comment.Name"] = name,
            ["Comment.Email"] = email,
            ["Comment.Website"] = "",
            ["Comment.Body"] = body,
            ["Comment.Phone"] = "",
        });
    }

    /// <summary>The new comment's id from the redirect after posting (<c>…#comment-12</c>), or null.</summary>
    public static int? CommentIdFrom(HttpResponseMessage response) =>
        response.Headers.Location?.OriginalString is { } location && CommentAnchor().Match(location) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"#comment-(\d+)$")]
    private static partial Regex CommentAnchor();
}
