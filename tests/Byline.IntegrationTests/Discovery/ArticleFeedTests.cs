using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;

namespace Byline.IntegrationTests.Discovery;

public sealed class ArticleFeedTests
{
    private static async Task<SyndicationFeed> LoadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SyndicationFeed.Load(XmlReader.Create(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task Site_category_tag_and_author_feeds_parse_as_rss_and_atom_with_stable_ids_and_304s()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var world = await data.CategoryAsync("World");
        var asia = await data.CategoryAsync("Asia", world.Id);
        var sport = await data.CategoryAsync("Sport");
        var writer = await data.AuthorAsync("Lin Chen");
        var summit = await data.ArticleAsync("Summit in Bangkok", "Body with **bold**.", asia, writer, ["Climate"], TimeSpan.FromHours(3));
        await data.ArticleAsync("Cup final", category: sport, tags: ["Football"], age: TimeSpan.FromHours(1));
        var client = app.CreateClient();

        var site = await LoadAsync(client, "/feed");
        Assert.Equal(["Cup final", "Summit in Bangkok"], site.Items.Select(i => i.Title.Text));
        var item = site.Items.Last();
        Assert.Equal($"http://localhost/?p={summit.Id}", item.Id);
        Assert.Equal($"http://localhost{ArticleLinks.Url(summit.PublishedAt!.Value, summit.Slug)}", item.Links[0].Uri.ToString());
        Assert.Contains("<strong>bold</strong>", ((TextSyndicationContent)item.Summary).Text, StringComparison.Ordinal);
        Assert.Equal("Climate", Assert.Single(item.Categories).Name);

        var atom = await LoadAsync(client, "/feed/atom");
        Assert.Equal(2, atom.Items.Count());
        Assert.Equal(["Summit in Bangkok"], (await LoadAsync(client, $"/category/{world.Slug}/feed")).Items.Select(i => i.Title.Text));
        Assert.Equal(["Cup final"], (await LoadAsync(client, "/tag/football/feed/atom")).Items.Select(i => i.Title.Text));
        Assert.Equal(["Summit in Bangkok"], (await LoadAsync(client, $"/author/{writer.Slug}/feed")).Items.Select(i => i.Title.Text));
        using (var missing = await client.GetAsync("/tag/no-such-tag/feed"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var first = await client.GetAsync("/feed");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/feed");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var since = new HttpRequestMessage(HttpMethod.Get, "/feed");
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var notModifiedSince = await client.SendAsync(since);
        Assert.Equal(HttpStatusCode.NotModified, notModifiedSince.StatusCode);

        // A new article changes the validators.
        await data.ArticleAsync("Breaking", category: sport);
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/feed");
        changed.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var fresh = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        var home = await client.GetDocumentAsync($"/category/{world.Slug}");
        Assert.NotNull(home.QuerySelector("link[rel=alternate][href='/feed']"));
        Assert.NotNull(home.QuerySelector($"link[rel=alternate][href='/category/{world.Slug}/feed']"));
    }
}
