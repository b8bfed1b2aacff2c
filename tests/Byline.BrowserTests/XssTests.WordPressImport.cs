using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Byline.Web.Features.Comments;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>
/// The same vectors, arriving through a WordPress export (WXR 1.2) uploaded by an administrator on
/// <c>/admin/import</c>: post titles, excerpts and HTML content (with hostile shortcodes), category and tag names and
/// descriptions, an author's display name, a page, and comment authors, websites and bodies.
/// </summary>
public sealed partial class XssTests
{
    private const int WxrPosts = 4;

    [Fact]
    public async Task A_hostile_WordPress_export_imports_and_renders_as_text_executing_nothing()
    {
        var events = new List<string>();
        var marker = Guid.NewGuid().ToString("N")[..6];
        var source = $"https://xss-{marker}.example.org";
        var export = HostileExport(marker, source, browser.App.Clock.GetUtcNow().UtcDateTime);

        // An administrator uploads the file through the import page, watched like every other page.
        var (staff, _) = await browser.NewStaffAsync(Byline.Web.Features.Identity.Roles.Administrator);
        await using var __ = staff;
        var admin = await WatchedPageAsync(staff, events);
        await VisitAsync(admin, "/admin/import", events);
        await admin.GetByLabel("WordPress export file (.xml)").SetInputFilesAsync(new FilePayload
        {
            Name = "hostile.xml",
            MimeType = "text/xml",
            Buffer = Encoding.UTF8.GetBytes(export),
        });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(admin.Locator("#import-summary [role=status]")).ToHaveTextAsync("Import finished.");
        // The password-protected post's warning names its (raw) title: as text.
        await Expect(admin.Locator(".import-warnings")).ToContainTextAsync("(“<svg onload=alert('warn')>”): was password-protected");
        var importPageEvents = await admin.EvaluateAsync<string[]>("() => Array.from(window.__xss)");
        lock (events)
        {
            events.AddRange(importPageEvents.Select(e => $"import page: {e}"));
        }
        await VisitAsync(admin, "/admin/articles", events);

        var imported = await ImportedAsync(source);
        Assert.Equal(WxrPosts + 1, imported.Articles.Count);
        Assert.Equal(Vectors.Length, imported.Articles.Sum(a => a.Comments.Count));

        await using var visitor = await browser.NewVisitorAsync();
        var page = await WatchedPageAsync(visitor, events);

        foreach (var article in imported.Articles.Where(a => a.Published))
        {
            var path = await browser.ArticlePathAsync(article.Slug);
            await VisitAsync(page, path, events);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(article.Title);
            await Expect(page).ToHaveTitleAsync(new Regex(Regex.Escape(article.Title)));
            Assert.Contains($"end of hostile body {marker}", await page.Locator(".article-body").TextContentAsync() ?? "", StringComparison.Ordinal);
            await Expect(page.Locator(".article-body svg, .article-body script, .article-body iframe")).ToHaveCountAsync(0);
            var shown = await page.EvaluateAsync<Dictionary<string, string[]>>("""
                () => Object.fromEntries(Array.from(document.querySelectorAll('li.comment')).map(li => [li.id.replace('comment-', ''),
                  [li.querySelector('.comment-author').textContent, li.querySelector('.comment-body').textContent]]))
                """);
            Assert.Equal(article.Comments.Count, shown.Count);
            foreach (var (id, texts) in shown)
            {
                var comment = article.Comments[int.Parse(id, CultureInfo.InvariantCulture)];
                Assert.Equal(Normalize(comment.Name), Normalize(texts[0]));
                if (IsPlainText(comment.Body))
                {
                    Assert.Contains(Normalize(comment.Body), Normalize(texts[1]), StringComparison.Ordinal);
                }
            }
        }

        // Category pages: the name as the heading, the description and each excerpt as text.
        foreach (var (slug, name, description) in imported.Categories)
        {
            await VisitAsync(page, $"/category/{slug}", events);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
            if (description is not null)
            {
                await Expect(page.Locator("main")).ToContainTextAsync(Normalize(description));
            }
        }
        var excerpts = imported.Articles.Where(a => a.Published && a.Excerpt is not null).Select(a => Normalize(a.Excerpt!)).ToList();
        Assert.NotEmpty(excerpts);
        foreach (var (slug, name) in imported.Tags)
        {
            await VisitAsync(page, $"/tag/{slug}", events);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Tagged “{name}”");
            var shownExcerpts = (await page.Locator(".excerpt").AllTextContentsAsync()).Select(Normalize);
            Assert.Contains(shownExcerpts, excerpts.Contains);
        }

        // The author (display name from the file), the imported page, the home page.
        await VisitAsync(page, $"/author/{imported.AuthorSlug}", events);
        await Expect(page.Locator("main")).ToContainTextAsync(imported.AuthorName);
        await VisitAsync(page, $"/{imported.PageSlug}", events);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(imported.PageTitle);
        await VisitAsync(page, "/", events);
        var newest = imported.Articles.Where(a => a.Published).OrderByDescending(a => a.PublishedAt).First();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = newest.Title, Exact = true })).Not.ToHaveCountAsync(0);

        Assert.True(events.Count == 0, "Something ran or was blocked:\n" + string.Join("\n", events.Distinct().Take(40)));
    }

    /// <summary>
    /// A WXR 1.2 file written by hand: text in CDATA sections (a "]]&gt;" inside is split across two) and in
    /// escaped character data, alternately, as WordPress versions differ in which they use.
    /// </summary>
    private static string HostileExport(string marker, string source, DateTime now)
    {
        static string Cdata(string text) => "<![CDATA[" + text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";
        static string Escaped(string text) => SecurityElement.Escape(text);
        static string Date(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string Text(int i, string text) => i % 2 == 0 ? Cdata(text) : Escaped(text);
        string V(int index) => Vectors[index % Vectors.Length];

        // Remote images are a feature of staff-written (and imported) articles; the beacon goes into comments only.
        var bodyVectors = Vectors.Where(v => !v.Contains("beacon.gif", StringComparison.Ordinal)).ToList();
        var login = $"xss{marker}";
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
            <channel>
              <title>{Cdata(V(5))}</title>
              <link>{source}</link>
              <wp:wxr_version>1.2</wp:wxr_version>
              <wp:base_site_url>{source}</wp:base_site_url>
              <wp:base_blog_url>{source}</wp:base_blog_url>
              <wp:author><wp:author_id>1</wp:author_id><wp:author_login>{login}</wp:author_login><wp:author_email>{login}@example.org</wp:author_email><wp:author_display_name>{Cdata($"Author {marker} <img src=x onerror=alert('author')>")}</wp:author_display_name></wp:author>

            """);
        for (var i = 0; i < WxrPosts; i++)
        {
            xml.Append(CultureInfo.InvariantCulture,
                $"  <wp:category><wp:term_id>{100 + i}</wp:term_id><wp:category_nicename>xss-{marker}-c{i}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{Text(i, $"C{i} {marker} {V(i * 7 + 3)}")}</wp:cat_name><wp:category_description>{Text(i + 1, V(i * 7 + 4))}</wp:category_description></wp:category>\n");
            // Half the tags are declared in the header; the others only on their post.
            xml.Append(CultureInfo.InvariantCulture,
                $"  <wp:tag><wp:term_id>{200 + i}</wp:term_id><wp:tag_slug>xss-{marker}-t{i}a</wp:tag_slug><wp:tag_name>{Text(i, $"T{i} {marker} {V(i * 7 + 5)}")}</wp:tag_name></wp:tag>\n");
        }

        for (var i = 0; i < WxrPosts + 1; i++)
        {
            var protectedPost = i == WxrPosts;
            var title = protectedPost ? "<svg onload=alert('warn')>" : $"WXR {marker}-{i} {V(i * 7)}";
            var group = bodyVectors.Where((_, n) => n % WxrPosts == i % WxrPosts).ToList();
            var content = string.Join("\n\n", group.Select(v => $"<p>{v}</p>"))
                + $"\n\n[caption id=\"x\" caption=\"<script>alert('caption{i}')</script>\"]<img src=\"x\" onerror=\"alert('cap{i}')\"> caption text[/caption]"
                + "\n\n[embed]https://evil.example/embedded[/embed]\n\n[embed]javascript:alert('embed')[/embed]\n\n[video src=\"javascript:alert('video')\"]"
                + $"\n\n<p>end of hostile body {marker}</p>";
            xml.Append(CultureInfo.InvariantCulture, $"""
                  <item>
                    <title>{Text(i, title)}</title>
                    <link>{source}/2019/05/hostile-{i}/</link>
                    <dc:creator>{login}</dc:creator>
                    <description></description>
                    <content:encoded>{Text(i + 1, content)}</content:encoded>
                    <excerpt:encoded>{Text(i, string.Join(" ", group.Take(6)))}</excerpt:encoded>
                    <wp:post_id>{900 + i}</wp:post_id>
                    <wp:post_date>{Date(now.AddMinutes(-1 - i))}</wp:post_date>
                    <wp:post_date_gmt>{Date(now.AddMinutes(-1 - i))}</wp:post_date_gmt>
                    <wp:comment_status>open</wp:comment_status>
                    <wp:post_name>xss-{marker}-post-{i}</wp:post_name>
                    <wp:status>publish</wp:status>
                    <wp:post_type>post</wp:post_type>
                    <wp:post_password>{(protectedPost ? "secret" : "")}</wp:post_password>
                    <category domain="category" nicename="xss-{marker}-c{i % WxrPosts}">{Text(i, V(i * 7 + 3))}</category>
                    <category domain="post_tag" nicename="xss-{marker}-t{i % WxrPosts}a">{Text(i, V(i * 7 + 5))}</category>
                    <category domain="post_tag" nicename="xss-{marker}-t{i % WxrPosts}b">{Text(i + 1, $"U{i} {marker} {V(i * 7 + 6)}")}</category>

                """);
            if (!protectedPost)
            {
                // Every vector once as a comment: author, website and body.
                for (var j = i; j < Vectors.Length; j += WxrPosts)
                {
                    var website = j < Websites.Length ? Websites[j] : j % 3 == 0 ? $"javascript:alert('url{j}')" : Vectors[j];
                    xml.Append(CultureInfo.InvariantCulture, $"""
                            <wp:comment>
                              <wp:comment_id>{j + 1}</wp:comment_id>
                              <wp:comment_author>{Text(j, Vectors[j])}</wp:comment_author>
                              <wp:comment_author_email>c{j}-{marker}@example.org</wp:comment_author_email>
                              <wp:comment_author_url>{Escaped(website)}</wp:comment_author_url>
                              <wp:comment_author_IP>192.0.2.{j + 1}</wp:comment_author_IP>
                              <wp:comment_date_gmt>{Date(now.AddMinutes(-1 - i).AddSeconds(j + 1))}</wp:comment_date_gmt>
                              <wp:comment_content>{Text(j + 1, Vectors[j])}</wp:comment_content>
                              <wp:comment_approved>1</wp:comment_approved>
                              <wp:comment_type></wp:comment_type>
                              <wp:comment_parent>0</wp:comment_parent>
                            </wp:comment>

                        """);
                }
            }
            xml.Append("  </item>\n");
        }

        xml.Append(CultureInfo.InvariantCulture, $"""
              <item>
                <title>{Escaped($"Page {marker} {V(8)}")}</title>
                <content:encoded>{Cdata(string.Join("\n\n", bodyVectors.Take(12)) + $"\n\nend of hostile body {marker}")}</content:encoded>
                <wp:post_id>990</wp:post_id>
                <wp:post_date_gmt>{Date(now.AddDays(-1))}</wp:post_date_gmt>
                <wp:post_name>xss-{marker}-page</wp:post_name>
                <wp:status>publish</wp:status>
                <wp:post_type>page</wp:post_type>
              </item>
            </channel>
            </rss>
            """);
        return xml.ToString();
    }

    private sealed record ImportedComment(string Name, string Body);

    private sealed record ImportedArticle(string Slug, string Title, string? Excerpt, bool Published, DateTime? PublishedAt, Dictionary<int, ImportedComment> Comments);

    private sealed record ImportedContent(
        List<ImportedArticle> Articles, List<(string Slug, string Name, string? Description)> Categories, List<(string Slug, string Name)> Tags,
        string AuthorSlug, string AuthorName, string PageSlug, string PageTitle);

    /// <summary>What the import stored, found through its id mappings: the texts the pages must show.</summary>
    private async Task<ImportedContent> ImportedAsync(string source)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var mappings = await db.ImportMappings.Where(m => m.Source == source).ToListAsync();
        int[] Ids(string kind) => mappings.Where(m => m.Kind == kind).Select(m => m.LocalId).ToArray();
        var postIds = Ids("post");
        var articles = await db.Articles.Where(a => postIds.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync();
        var comments = await db.Comments.Where(c => postIds.Contains(c.ArticleId) && c.Status == CommentStatus.Approved).ToListAsync();
        var categoryIds = Ids("category");
        var tagIds = Ids("tag");
        var authorId = Ids("author").Single();
        var pageId = Ids("page").Single();
        var author = await db.Authors.SingleAsync(a => a.Id == authorId);
        var page = await db.StaticPages.SingleAsync(p => p.Id == pageId);
        return new ImportedContent(
            articles.Select(a => new ImportedArticle(a.Slug, a.Title, a.Excerpt, a.Status == Byline.Web.Features.Articles.ArticleStatus.Published, a.PublishedAt,
                comments.Where(c => c.ArticleId == a.Id).ToDictionary(c => c.Id, c => new ImportedComment(c.AuthorName, c.Body)))).ToList(),
            (await db.Categories.Where(c => categoryIds.Contains(c.Id)).ToListAsync()).Select(c => (c.Slug, c.Name, c.Description)).ToList(),
            (await db.Tags.Where(t => tagIds.Contains(t.Id)).ToListAsync()).Select(t => (t.Slug, t.Name)).ToList(),
            author.Slug, author.DisplayName, page.Slug, page.Title);
    }
}
