using System.Net;
using System.Net.Http.Headers;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Import;

public sealed class WordPressImportTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "wxr", name);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ImportCommand.RunAsync(_app.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int ExitCode, string Output, string Error)> ImportAsync(string sample, params string[] options) =>
        RunAsync(["wordpress", Sample(sample), .. options]);

    private Task<(int Articles, int Pages, int Comments, int Categories, int Tags, int Authors, int Redirects)> CountsAsync() =>
        _app.WithDbAsync(async db => (await db.Articles.CountAsync(), await db.StaticPages.CountAsync(), await db.Comments.CountAsync(),
            await db.Categories.CountAsync(), await db.Tags.CountAsync(), await db.Authors.CountAsync(), await db.Redirects.CountAsync()));

    [Fact]
    public async Task The_small_export_imports_authors_categories_with_parents_tags_posts_pages_and_comments()
    {
        var before = await CountsAsync();
        var (code, output, _) = await ImportAsync("importer-small-export.xml");
        Assert.Equal(0, code);
        Assert.Contains("11 items processed", output, StringComparison.Ordinal);
        var after = await CountsAsync();
        Assert.Equal(6, after.Articles - before.Articles);
        Assert.Equal(5, after.Pages - before.Pages);
        Assert.Equal(1, after.Comments - before.Comments);
        Assert.Equal(3, after.Tags - before.Tags);
        Assert.Equal(3, after.Authors - before.Authors);
        await _app.WithDbAsync(async db =>
        {
            var child = await db.Categories.Include(c => c.Parent).SingleAsync(c => c.Slug == "foo-bar");
            Assert.Equal("bar", child.Parent!.Slug);
            Assert.Equal("The child foo category", child.Description);
            Assert.Equal("远征手记", (await db.Categories.SingleAsync(c => c.Slug == "eternity")).Name);
            Assert.Equal(30, await db.ImportMappings.CountAsync(m => m.Kind == "category"));
            var editor = await db.Authors.SingleAsync(a => a.Email == "editor@example.org");
            Assert.Equal("editor", editor.DisplayName);
            Assert.False(await db.Users.AnyAsync(u => u.Email == "editor@example.org")); // no login accounts
            var hello = await db.Articles.SingleAsync(a => a.Title == "Hello world!");
            Assert.Equal(ArticleStatus.Published, hello.Status);
            Assert.Equal(new DateTime(2011, 1, 18, 7, 40, 14, DateTimeKind.Utc), hello.PublishedAt);
            Assert.Equal(ArticleStatus.Draft, (await db.Articles.SingleAsync(a => a.Title == "Private Post")).Status);
        });
        Assert.Contains("post 13 (“Private Post”): was private; imported as a draft", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("importer-valid-wxr-1.0.xml", 3, 3, 1)]
    [InlineData("importer-valid-wxr-1.1.xml", 1, 1, 1)]
    public async Task Older_wxr_versions_import(string sample, int posts, int pages, int comments)
    {
        var before = await CountsAsync();
        var (code, _, error) = await ImportAsync(sample);
        Assert.True(code == 0, error);
        var after = await CountsAsync();
        Assert.Equal((posts, pages, comments), (after.Articles - before.Articles, after.Pages - before.Pages, after.Comments - before.Comments));
    }

    [Fact]
    public async Task Comments_keep_their_threads_statuses_and_details_and_pingbacks_are_marked()
    {
        var (code, output, _) = await ImportAsync("byline-threads.xml");
        Assert.Equal(0, code);
        await _app.WithDbAsync(async db =>
        {
            var article = await db.Articles.Include(a => a.Tags).Include(a => a.Category).Include(a => a.Author).SingleAsync(a => a.Slug == "threaded-story");
            Assert.True(article.IsSticky);
            Assert.Equal("world", article.Category.Slug);
            Assert.Equal(["harbour"], article.Tags.Select(t => t.Slug));
            Assert.Equal("Jane Doe", article.Author.DisplayName);
            var comments = await db.Comments.Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.AuthorName);
            Assert.Equal(6, comments.Count);
            Assert.Null(comments["Root"].ParentId);
            Assert.Equal(comments["Root"].Id, comments["Child"].ParentId);
            Assert.Equal(comments["Child"].Id, comments["Grandchild"].ParentId);
            Assert.Equal(CommentStatus.Approved, comments["Root"].Status);
            Assert.Equal(CommentStatus.Pending, comments["Child"].Status);
            Assert.Equal(CommentStatus.Spam, comments["Spammer"].Status);
            Assert.Equal(CommentStatus.Trash, comments["Binned"].Status);
            Assert.Equal(("g@example.org", "https://g.example.org", "192.0.2.4"), (comments["Grandchild"].AuthorEmail, comments["Grandchild"].AuthorUrl, comments["Grandchild"].IpAddress));
            Assert.Equal(new DateTime(2019, 5, 3, 13, 0, 0, DateTimeKind.Utc), comments["Grandchild"].CreatedAt);
            Assert.Equal("pingback", comments["Other blog"].ModerationReason);
            Assert.Equal(CommentStatus.Approved, comments["Other blog"].Status);

            var secret = await db.Articles.SingleAsync(a => a.Slug == "secret");
            Assert.Equal(ArticleStatus.Draft, secret.Status);
        });
        Assert.Contains("post 102 (“Secret”): was password-protected", output, StringComparison.Ordinal);
        Assert.Contains("serialized PHP metadata was ignored", output, StringComparison.Ordinal);
        Assert.Contains("1 nav_menu_item", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shortcodes_become_markup_internal_links_become_local_and_hostile_markup_is_inert()
    {
        Assert.Equal(0, (await ImportAsync("byline-threads.xml")).ExitCode);
        var html = await _app.WithDbAsync(db => db.Articles.Where(a => a.Slug == "threaded-story").Select(a => a.BodyHtml).SingleAsync());
        Assert.Contains("<figure><img src=\"https://old.example.org/wp-content/uploads/cat.jpg\"", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>The harbour cat</figcaption>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://video.example.com/watch/1\">", html, StringComparison.Ordinal);
        Assert.Contains("<audio controls", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/2019/04/older/\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wp:paragraph", html, StringComparison.Ordinal);
        AssertInert(html);

        var page = await _app.CreateBrowserlessClient().GetDocumentAsync("/2019/05/threaded-story");
        Assert.Empty(page.QuerySelectorAll(".article-body script, article script"));
    }

    [Fact]
    public async Task The_spam_demo_imports_without_scripts_handlers_or_javascript_urls()
    {
        Assert.Equal(0, (await ImportAsync("wordpress-5.2-demo-with-spam.xml")).ExitCode);
        var bodies = await _app.WithDbAsync(db => db.Articles.Select(a => a.BodyHtml).ToListAsync());
        Assert.True(bodies.Count >= 17);
        var source = await File.ReadAllTextAsync(Sample("wordpress-5.2-demo-with-spam.xml"));
        Assert.Contains("<script", source, StringComparison.OrdinalIgnoreCase); // the sample really is hostile
        foreach (var html in bodies)
        {
            AssertInert(html);
        }
        Assert.True(await _app.WithDbAsync(db => db.Articles.CountAsync(a => a.Status == ArticleStatus.Trashed)) >= 13);
    }

    private static void AssertInert(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", html);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        Assert.Equal(0, (await ImportAsync("importer-small-export.xml")).ExitCode);
        Assert.Equal(0, (await ImportAsync("byline-threads.xml")).ExitCode);
        var first = await CountsAsync();
        var mappings = await _app.WithDbAsync(db => db.ImportMappings.CountAsync());

        var (code, output, _) = await ImportAsync("importer-small-export.xml");
        Assert.Equal(0, code);
        Assert.Contains("Already imported (unchanged): 3 authors, 30 categories, 5 pages, 6 posts, 3 tags", output, StringComparison.Ordinal);
        Assert.Contains("Imported: nothing", output, StringComparison.Ordinal);
        Assert.Equal(0, (await ImportAsync("byline-threads.xml")).ExitCode);
        Assert.Equal(first, await CountsAsync());
        Assert.Equal(mappings, await _app.WithDbAsync(db => db.ImportMappings.CountAsync()));
    }

    [Fact]
    public async Task A_dry_run_saves_nothing()
    {
        var before = await CountsAsync();
        var (code, output, _) = await ImportAsync("importer-small-export.xml", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("6 posts", output, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Old_addresses_answer_with_301_to_the_new_ones()
    {
        Assert.Equal(0, (await ImportAsync("byline-threads.xml")).ExitCode);
        Assert.Equal(0, (await ImportAsync("importer-small-export.xml")).ExitCode);
        var client = _app.CreateBrowserlessClient();
        var hello = await _app.WithDbAsync(db => db.Articles.SingleAsync(a => a.Title == "Hello world!"));
        var newHello = ArticleLinks.Url(hello.PublishedAt!.Value, hello.Slug);

        using (var response = await client.GetAsync("/?p=1"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal(newHello, response.Headers.Location!.OriginalString);
        }
        using (var response = await client.GetAsync("/?page_id=2"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal("/sample-page", response.Headers.Location!.OriginalString);
        }
        using (var response = await client.GetAsync("/?p=999999"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // unknown: the home page as usual
        }
        using (var response = await client.GetAsync("/archives/101"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal("/2019/05/threaded-story", response.Headers.Location!.OriginalString);
        }
        // A draft (password-protected) has no address: no redirect to it.
        using (var response = await client.GetAsync("/?p=102"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await _app.WithDbAsync(async db =>
        {
            var redirect = await db.Redirects.SingleAsync(r => r.FromPath == "/archives/101");
            Assert.Equal(await db.Articles.Where(a => a.Slug == "threaded-story").Select(a => a.Id).SingleAsync(), redirect.ArticleId);
        });
    }

    [Fact]
    public async Task A_changed_slug_old_link_redirects()
    {
        // An article already uses the slug: the imported one gets another, and its old link still leads to it.
        var existing = await new TestData(_app).ArticleAsync("Threaded story");
        await _app.WithDbAsync(async db =>
        {
            var row = await db.Articles.SingleAsync(a => a.Id == existing.Id);
            row.Slug = "threaded-story";
            await db.SaveChangesAsync();
        });
        Assert.Equal(0, (await ImportAsync("byline-threads.xml")).ExitCode);
        var client = _app.CreateBrowserlessClient();
        var imported = await _app.WithDbAsync(db => db.Articles.SingleAsync(a => a.Slug == "threaded-story-2"));
        // The old link (slash and all) ends, through permanent redirects only, at the imported article.
        var url = "/archives/101/";
        for (var hops = 0; hops < 3 && url != ArticleLinks.Url(imported.PublishedAt!.Value, "threaded-story-2"); hops++)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            url = response.Headers.Location!.OriginalString;
        }
        Assert.Equal(ArticleLinks.Url(imported.PublishedAt!.Value, "threaded-story-2"), url);
    }

    [Fact]
    public async Task A_malformed_file_gives_a_clear_error_with_the_line_and_exit_code_1()
    {
        var before = await CountsAsync();
        var (code, _, error) = await ImportAsync("importer-malformed-simple.xml");
        Assert.Equal(1, code);
        Assert.Contains("not well-formed XML at line 14", error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_missing_file_or_bad_arguments_fail()
    {
        Assert.Equal(1, (await RunAsync("wordpress", "/nonexistent/file.xml")).ExitCode);
        Assert.Equal(2, (await RunAsync("joomla", "x.xml")).ExitCode);
        Assert.Equal(2, (await RunAsync("wordpress", Sample("byline-threads.xml"), "--bogus")).ExitCode);
    }

    [Fact]
    public async Task Utf8_challenges_survive_intact()
    {
        Assert.Equal(0, (await ImportAsync("importer-wxr-utf-8-challenges.xml")).ExitCode);
        var source = System.Xml.Linq.XDocument.Load(Sample("importer-wxr-utf-8-challenges.xml"));
        var item = source.Descendants("item").Single();
        var title = item.Element("title")!.Value.Trim();
        var article = await _app.WithDbAsync(db => db.Articles.SingleAsync());
        Assert.Equal(System.Net.WebUtility.HtmlDecode(title), article.Title);
        var content = item.Elements().Single(e => e.Name.LocalName == "encoded" && e.Name.NamespaceName.Contains("content", StringComparison.Ordinal)).Value;
        foreach (var c in content.Where(c => c > 127 && !char.IsSurrogate(c)).Distinct())
        {
            Assert.Contains(c, article.BodyMarkdown);
        }
    }

    // ---------------------------------------------------------------- the admin upload

    private static MultipartFormDataContent Upload(string token, string sample, bool dryRun = false)
    {
        var content = new MultipartFormDataContent();
        if (token.Length > 0)
        {
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }
        var file = new ByteArrayContent(File.ReadAllBytes(Sample(sample)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        content.Add(file, "Upload", sample);
        if (dryRun)
        {
            content.Add(new StringContent("true"), "DryRun");
        }
        return content;
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/admin/import");
        return page.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    [Fact]
    public async Task An_administrator_uploads_an_export_and_sees_the_summary_and_it_is_audited()
    {
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using var response = await admin.PostAsync("/admin/import", Upload(await TokenAsync(admin), "byline-threads.xml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var summary = page.QuerySelector("#import-summary")!.Text();
        Assert.Contains("Import finished.", summary, StringComparison.Ordinal);
        Assert.Contains("was password-protected", summary, StringComparison.Ordinal);
        Assert.True(await _app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Slug == "threaded-story")));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "import.wordpress"));
        Assert.Equal("https://old.example.org", audit.Subject);
        Assert.DoesNotContain("@", audit.Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_upload_is_a_400_with_the_line()
    {
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using var response = await admin.PostAsync("/admin/import", Upload(await TokenAsync(admin), "importer-malformed-simple.xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 14", (await response.ParseAsync()).QuerySelector("#import-summary [role=alert]")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_without_a_file_is_a_400()
    {
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using var content = new MultipartFormDataContent { { new StringContent(await TokenAsync(admin)), "__RequestVerificationToken" } };
        using var response = await admin.PostAsync("/admin/import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ParseAsync()).QuerySelector(".field-error"));
    }

    [Fact]
    public async Task The_upload_needs_the_antiforgery_token()
    {
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using var response = await admin.PostAsync("/admin/import", Upload("", "byline-threads.xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Slug == "threaded-story")));
    }

    [Fact]
    public async Task Anonymous_visitors_go_to_login_and_editors_are_forbidden()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var anonymous = _app.CreateBrowserlessClient();
        using (var response = await anonymous.GetAsync("/admin/import"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using (var response = await anonymous.PostAsync("/admin/import", Upload("", "byline-threads.xml")))
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest);
        }
        using (var response = await editor.GetAsync("/admin/import"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var token = (await editor.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        using (var response = await editor.PostAsync("/admin/import", Upload(token, "byline-threads.xml")))
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest);
        }
        Assert.False(await _app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Slug == "threaded-story")));
    }
}
