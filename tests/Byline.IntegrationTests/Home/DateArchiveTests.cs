using System.Net;
using Byline.IntegrationTests.Infrastructure;

namespace Byline.IntegrationTests.Home;

public sealed class DateArchiveTests
{
    [Fact]
    public async Task Year_and_month_archives_list_that_periods_articles_with_a_breadcrumb_trail()
    {
        // The fake clock says 2026-11-20.
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        await data.ArticleAsync("November story", age: TimeSpan.FromDays(2));
        await data.ArticleAsync("October story", age: TimeSpan.FromDays(30));
        await data.ArticleAsync("Last year's story", age: TimeSpan.FromDays(400));
        var client = app.CreateClient();

        var november = await client.GetDocumentAsync("/2026/11");
        Assert.Equal(["November story"], november.QuerySelectorAll(".card h2").Select(h => h.Text()));
        Assert.Equal("Archive: November 2026", november.QuerySelector("h1")!.Text());
        Assert.Equal(["Home", "2026", "November"], november.QuerySelectorAll("nav[aria-label=Breadcrumb] a").Select(a => a.Text()));

        var year = await client.GetDocumentAsync("/2026");
        Assert.Equal(["November story", "October story"], year.QuerySelectorAll(".card h2").Select(h => h.Text()));

        foreach (var (url, status) in new[] { ("/2026/03", HttpStatusCode.NotFound), ("/2026/13", HttpStatusCode.NotFound), ("/2026/11?page=abc", HttpStatusCode.BadRequest) })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
        }
    }
}
