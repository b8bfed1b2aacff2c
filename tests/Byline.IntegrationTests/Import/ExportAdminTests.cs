using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Export;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Import;

public sealed class ExportAdminTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_administrator_downloads_a_wordpress_export_and_it_is_audited()
    {
        var data = new TestData(_app);
        var article = await data.ArticleAsync("Exported story", tags: ["rain"]);
        await data.CommentAsync(article, body: "Nice one.");
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);

        using var response = await admin.SubmitFormAsync("/admin/export", "#export-wordpress-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".xml", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = doc.Root!.Element("channel")!.Elements("item").Single(i => i.Element("title")!.Value == "Exported story");
        Assert.Equal("Nice one.", item.Element(XName.Get("comment", WordPressExporter.WpNamespace))!.Element(XName.Get("comment_content", WordPressExporter.WpNamespace))!.Value);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "export.wordpress"));
        Assert.Equal("WordPress export (WXR)", audit.Subject);
    }

    [Fact]
    public async Task The_json_export_is_complete_and_carries_no_secrets()
    {
        var data = new TestData(_app);
        var article = await data.ArticleAsync("JSON story", tags: ["sun"]);
        await data.CommentAsync(article, body: "A reply.");
        var (admin, adminUser) = await _app.SignedInAsync(Roles.Administrator);

        using var response = await admin.SubmitFormAsync("/admin/export", "#export-json-form", new Dictionary<string, string> { ["IncludeRevisions"] = "true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("byline-export", root.GetProperty("format").GetString());
        Assert.Equal(JsonExporter.FormatVersion, root.GetProperty("version").GetInt32());
        foreach (var section in new[] { "settings", "authors", "users", "categories", "tags", "articles", "comments", "pages", "redirects", "media" })
        {
            Assert.True(root.TryGetProperty(section, out _), section);
        }
        var exported = root.GetProperty("articles").EnumerateArray().Single(a => a.GetProperty("title").GetString() == "JSON story");
        Assert.Equal("Published", exported.GetProperty("status").GetString());
        Assert.Equal("Some **Markdown** text.", exported.GetProperty("bodyMarkdown").GetString());
        Assert.Contains("<strong>Markdown</strong>", exported.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, exported.GetProperty("revisions").ValueKind);
        Assert.Single(exported.GetProperty("tagIds").EnumerateArray());
        Assert.Equal("A reply.", root.GetProperty("comments").EnumerateArray().Single().GetProperty("body").GetString());
        var user = root.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == adminUser.Id);
        Assert.Equal([Roles.Administrator], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString() ?? "").ToArray());
        Assert.True(root.GetProperty("settings").TryGetProperty("title", out _));

        var (hash, stamp, salt) = await _app.WithDbAsync(async db => (
            (await db.Users.SingleAsync(u => u.Id == adminUser.Id)).PasswordHash!,
            (await db.Users.SingleAsync(u => u.Id == adminUser.Id)).SecurityStamp!,
            (await db.SiteSettings.SingleAsync()).PrivacySalt));
        Assert.DoesNotContain(hash, text, StringComparison.Ordinal);
        Assert.DoesNotContain(stamp, text, StringComparison.Ordinal);
        Assert.DoesNotContain(salt, text, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("privacySalt", text, StringComparison.OrdinalIgnoreCase);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "export.json"));
        Assert.Equal("with revisions", audit.Details);
    }

    [Fact]
    public async Task Anonymous_visitors_go_to_login_editors_are_forbidden_and_posts_need_the_token()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var anonymous = _app.CreateBrowserlessClient();
        using (var response = await anonymous.GetAsync("/admin/export"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using (var response = await editor.GetAsync("/admin/export"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var token = (await editor.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        using (var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))
        using (var response = await editor.PostAsync("/admin/export?handler=Json", content))
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        }
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using (var content = new FormUrlEncodedContent([]))
        using (var response = await admin.PostAsync("/admin/export?handler=Wordpress", content))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action.StartsWith("export."))));
    }

    [Fact]
    public async Task The_command_writes_both_files_and_rejects_bad_arguments()
    {
        await new TestData(_app).ArticleAsync("Command story");
        var folder = Directory.CreateTempSubdirectory("byline-export-").FullName;
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var xmlPath = Path.Combine(folder, "site.xml");
            Assert.Equal(0, await ExportCommand.RunAsync(_app.Services, ["wordpress", xmlPath, "--site-url", "https://example.org"], output, error));
            Assert.Contains("1 posts", output.ToString(), StringComparison.Ordinal);
            Assert.Equal("https://example.org", XDocument.Load(xmlPath).Root!.Element("channel")!.Element(XName.Get("base_site_url", WordPressExporter.WpNamespace))!.Value);
            var jsonPath = Path.Combine(folder, "site.json");
            Assert.Equal(0, await ExportCommand.RunAsync(_app.Services, ["json", jsonPath], output, error));
            using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath)))
            {
                Assert.Single(json.RootElement.GetProperty("articles").EnumerateArray());
            }
            Assert.False(File.Exists(jsonPath + ".partial"));
            Assert.Equal(2, await ExportCommand.RunAsync(_app.Services, ["csv", jsonPath], output, error));
            Assert.Equal(2, await ExportCommand.RunAsync(_app.Services, ["wordpress", xmlPath, "--site-url", "not a url"], output, error));
            Assert.Equal(1, await ExportCommand.RunAsync(_app.Services, ["json", Path.Combine(folder, "missing", "x.json")], output, error));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
