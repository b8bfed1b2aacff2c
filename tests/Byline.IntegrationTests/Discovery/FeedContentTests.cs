using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Discovery;

public sealed class FeedContentTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    private static async Task<(XDocument Xml, EntityTagHeaderValueText ETag)> GetXmlAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (XDocument.Parse(await response.Content.ReadAsStringAsync()), new(response.Headers.ETag!.Tag));
    }

    private sealed record EntityTagHeaderValueText(string Tag);

    [Fact]
    public async Task The_full_text_setting_switches_rss_and_atom_between_body_and_excerpt_on_the_next_request()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        await data.ArticleAsync("Harbour report", "The **whole** story.");
        var (admin, _) = await app.SignedInAsync(Roles.Administrator);

        var (rss, rssTag) = await GetXmlAsync(admin, "/feed");
        var item = rss.Descendants("item").Single();
        Assert.Contains("<strong>whole</strong>", item.Element("description")!.Value, StringComparison.Ordinal);
        Assert.Contains("<strong>whole</strong>", item.Element(Content + "encoded")!.Value, StringComparison.Ordinal);
        var (atom, _) = await GetXmlAsync(admin, "/feed/atom");
        var entry = atom.Descendants(Atom + "entry").Single();
        Assert.Equal("html", entry.Element(Atom + "content")!.Attribute("type")!.Value);
        Assert.Contains("<strong>whole</strong>", entry.Element(Atom + "content")!.Value, StringComparison.Ordinal);
        Assert.Equal("Excerpt of Harbour report", entry.Element(Atom + "summary")!.Value);

        var form = await admin.GetDocumentAsync("/admin/settings");
        Assert.NotNull(form.QuerySelector("#Input_FeedFullText[type=checkbox][checked]"));
        Assert.NotNull(form.QuerySelector("label[for=Input_FeedFullText]"));
        using var saved = await admin.SubmitFormAsync("/admin/settings", "#settings-form", new Dictionary<string, string> { ["Input.FeedFullText"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().Select(s => s.FeedFullText).SingleAsync()));
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "settings.update"));
        Assert.Contains("FeedFullText: on → off", audit.Details, StringComparison.Ordinal);

        // The reader's old ETag no longer matches: it gets the excerpt-only feed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feed");
        request.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(rssTag.Tag));
        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        item = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("item").Single();
        Assert.Equal("Excerpt of Harbour report", item.Element("description")!.Value);
        Assert.Null(item.Element(Content + "encoded"));
        (atom, _) = await GetXmlAsync(admin, "/feed/atom");
        entry = atom.Descendants(Atom + "entry").Single();
        Assert.Null(entry.Element(Atom + "content"));
        Assert.Equal("Excerpt of Harbour report", entry.Element(Atom + "summary")!.Value);
    }

    [Fact]
    public async Task Featured_images_are_enclosures_with_absolute_urls_sizes_and_types()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var library = await data.ArticleAsync("From the library", age: TimeSpan.FromHours(3));
        var external = await data.ArticleAsync("From elsewhere", age: TimeSpan.FromHours(2));
        await data.ArticleAsync("No picture", age: TimeSpan.FromHours(1));
        const string key = "2026/11/0123456789abcdef-harbour.png";
        await app.WithDbAsync(async db =>
        {
            db.Media.Add(new MediaItem { StorageKey = key, OriginalFileName = "harbour.png", ContentType = "image/png", Width = 800, Height = 600, Length = 12345, UploadedAt = app.Clock.GetUtcNow().UtcDateTime });
            await db.Articles.Where(a => a.Id == library.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.FeaturedImageUrl, "/media/" + key).SetProperty(a => a.FeaturedImageAlt, "The harbour"));
            await db.Articles.Where(a => a.Id == external.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.FeaturedImageUrl, "https://images.example.org/a/photo.WEBP?w=1").SetProperty(a => a.FeaturedImageAlt, "A photo"));
            await db.SaveChangesAsync();
        });
        var client = app.CreateClient();

        var (rss, _) = await GetXmlAsync(client, "/feed");
        var enclosures = rss.Descendants("item").ToDictionary(i => i.Element("title")!.Value, i => i.Element("enclosure"));
        Assert.Null(enclosures["No picture"]);
        Assert.Equal(("http://localhost/media/" + key, "12345", "image/png"),
            (enclosures["From the library"]!.Attribute("url")!.Value, enclosures["From the library"]!.Attribute("length")?.Value, enclosures["From the library"]!.Attribute("type")!.Value));
        Assert.Equal("https://images.example.org/a/photo.WEBP?w=1", enclosures["From elsewhere"]!.Attribute("url")!.Value);
        Assert.Equal("image/webp", enclosures["From elsewhere"]!.Attribute("type")!.Value);
        Assert.Equal("0", enclosures["From elsewhere"]!.Attribute("length")?.Value);

        var atom = SyndicationFeed.Load(XmlReader.Create(await client.GetStreamAsync("/feed/atom")));
        var link = atom.Items.Single(i => i.Title.Text == "From the library").Links.Single(l => l.RelationshipType == "enclosure");
        Assert.Equal(("http://localhost/media/" + key, 12345L, "image/png"), (link.Uri.ToString(), link.Length, link.MediaType));
    }

    [Fact]
    public async Task Feeds_are_served_from_memory_after_the_first_request_and_rebuilt_after_a_change()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("First title");
        await data.CommentAsync(article, name: "Ana");
        var client = app.CreateClient();

        foreach (var url in new[] { "/feed", "/feed/atom", "/comments/feed" })
        {
            var before = app.Queries.Count;
            (await client.GetAsync(url)).EnsureSuccessStatusCode();
            var first = app.Queries.Count - before;
            before = app.Queries.Count;
            using var second = await client.GetAsync(url);
            second.EnsureSuccessStatusCode();
            // Only the version check (ids and change times); the items themselves come from memory.
            Assert.True(first >= 2, $"{url}: the first request reads the items ({first} queries)");
            Assert.Equal(1, app.Queries.Count - before);
        }

        // An edit (as the editor saves it: new title and UpdatedAt) shows on the next request.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Title, "Second title").SetProperty(a => a.UpdatedAt, app.Clock.GetUtcNow().UtcDateTime)));
        var (rss, _) = await GetXmlAsync(client, "/feed");
        Assert.Equal("Second title", rss.Descendants("item").Single().Element("title")!.Value);
        var (comments, _) = await GetXmlAsync(client, "/comments/feed");
        Assert.Equal("Ana on Second title", comments.Descendants("item").Single().Element("title")!.Value);

        // So does a newly published article, and a newly approved comment.
        await data.ArticleAsync("Brand new", age: TimeSpan.FromSeconds(1));
        (rss, _) = await GetXmlAsync(client, "/feed");
        Assert.Equal(["Brand new", "Second title"], rss.Descendants("item").Select(i => i.Element("title")!.Value));
        await data.CommentAsync(article, name: "Ben", age: TimeSpan.FromSeconds(1));
        (comments, _) = await GetXmlAsync(client, "/comments/feed");
        Assert.Equal(2, comments.Descendants("item").Count());
    }
}
