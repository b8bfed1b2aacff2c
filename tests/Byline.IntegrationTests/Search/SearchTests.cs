using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Search;

public sealed class SearchTests
{
    [Fact]
    public async Task Search_finds_ranks_and_highlights_published_articles_only()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var titled = await data.ArticleAsync("Harbour tram opens", "Crowds rode the new line on its first day.");
        await data.ArticleAsync("City budget", "The budget mentions the tram once, among many other <script>items</script>.");
        await data.ArticleAsync("Comet flyby", "The probe passed the comet.");
        var draft = await data.ArticleAsync("Secret tram plans", "Tram tram tram.");
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == draft.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ArticleStatus.Draft)));
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/search?q=Tram");

        Assert.Equal(["Harbour tram opens", "City budget"], page.QuerySelectorAll(".search-results .card h2").Select(h => h.Text()));
        Assert.Equal(ArticleLinks.Url(titled.PublishedAt!.Value, titled.Slug), page.QuerySelector(".search-results h2 a")!.GetAttribute("href"));
        Assert.Equal("2 results for “Tram”", page.QuerySelector(".search-count")!.Text());
        var snippet = page.QuerySelectorAll(".snippet")[1];
        Assert.Equal("tram", snippet.QuerySelector("mark")!.Text(), ignoreCase: true);
        Assert.Empty(page.QuerySelectorAll(".search-results script"));
        // Markup in the article text never becomes markup in a snippet (SQLite shows it as text; PostgreSQL's parser drops tags).
        Assert.All(snippet.QuerySelectorAll("*"), e => Assert.Equal("mark", e.LocalName));
        Assert.Equal("Tram", page.QuerySelector("#search-page-q")!.GetAttribute("value"));

        var both = await client.GetDocumentAsync("/search?q=comet+probe");
        Assert.Equal(["Comet flyby"], both.QuerySelectorAll(".search-results h2").Select(h => h.Text()));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("tram OR budget NOT *")]
    [InlineData("NEAR(tram budget, 2)")]
    [InlineData("title:tram")]
    [InlineData("'; DROP TABLE \"Articles\"; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("&&&|||!!!:::")]
    public async Task Any_query_text_is_answered_safely(string query)
    {
        await using var app = new BylineAppFactory();
        await new TestData(app).ArticleAsync("Harbour tram opens", "Tram and budget.");
        var client = app.CreateClient();

        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Empty(page.QuerySelectorAll("script:not([type='application/ld+json'])"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Ten_kilobytes_of_junk_and_bad_page_numbers_get_clear_answers()
    {
        await using var app = new BylineAppFactory();
        await new TestData(app).ArticleAsync("Harbour tram opens");
        var client = app.CreateClient();
        var junk = string.Concat(Enumerable.Repeat("x\"*(:^ ", 1500));

        using var big = await client.GetAsync("/search?q=" + Uri.EscapeDataString(junk));
        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        using var badPage = await client.GetAsync("/search?q=tram&page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        using var pastEnd = await client.GetAsync("/search?q=tram&page=5");
        Assert.Equal(HttpStatusCode.NotFound, pastEnd.StatusCode);
        var empty = await client.GetDocumentAsync("/search");
        Assert.NotNull(empty.QuerySelector("form[role=search] input[name=q]"));
    }

    [Fact]
    public async Task A_common_word_counts_up_to_the_cap_and_pages_stop_there()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Search:MaxResults"] = "10" } };
        var data = new TestData(app);
        for (var i = 1; i <= 13; i++)
        {
            await data.ArticleAsync($"Tram story {i}", i == 13 ? "The only comet here." : "More about the tram.", age: TimeSpan.FromHours(100 - i));
        }
        await app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(u => u.SetProperty(s => s.PostsPerPage, 4)));
        app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
        var client = app.CreateClient();

        var first = await client.GetDocumentAsync("/search?q=tram");
        Assert.Equal("10+ results for “tram”", first.QuerySelector(".search-count")!.Text());
        Assert.Equal("Page 1 of 3", first.QuerySelector(".pager span")!.Text());
        var titles = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var document = await client.GetDocumentAsync($"/search?q=tram&page={page}");
            titles.AddRange(document.QuerySelectorAll(".search-results h2").Select(h => h.Text()));
            Assert.Equal(page < 3, document.QuerySelector(".pager a[rel=next]") is not null);
        }
        // The ten newest matches, each once, across the three pages.
        Assert.Equal(Enumerable.Range(4, 10).Select(i => $"Tram story {i}").Order(), titles.Order());
        using var beyond = await client.GetAsync("/search?q=tram&page=4");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);

        // Below the cap the count is exact.
        var rare = await client.GetDocumentAsync("/search?q=comet");
        Assert.Equal("1 result for “comet”", rare.QuerySelector(".search-count")!.Text());
        Assert.Null(rare.QuerySelector(".pager"));
    }
}
