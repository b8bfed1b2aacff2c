using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Popular;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Popular;

public sealed class MostPopularTests
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    [Fact]
    public async Task Most_popular_orders_by_views_within_the_window_and_all_time_counts_everything()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var oldHit = await data.ArticleAsync("Old hit", age: TimeSpan.FromDays(60));
        var trending = await data.ArticleAsync("Trending now");
        var steady = await data.ArticleAsync("Steady reader favourite", age: TimeSpan.FromDays(3));
        await data.ArticleAsync("Never read");
        await data.ViewsAsync(oldHit, today.AddDays(-30), 1000);
        await data.ViewsAsync(trending, today, 50);
        await data.ViewsAsync(steady, today.AddDays(-1), 20);
        await data.ViewsAsync(steady, today.AddDays(-2), 10);

        var weekly = await app.CreateClient().GetDocumentAsync("/");
        Assert.Equal(["Trending now", "Steady reader favourite"], weekly.QuerySelectorAll(".popular .configured li").Select(li => li.Text()));

        await app.WithDbAsync(async db =>
        {
            await db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.PopularWindowDays, 0));
        });
        app.Services.GetRequiredService<Byline.Web.Features.Site.SiteSettingsProvider>().Invalidate();
        app.Services.GetRequiredService<Sidebar>().Invalidate();

        var allTime = await app.CreateClient().GetDocumentAsync("/");
        Assert.Equal(["Old hit", "Trending now", "Steady reader favourite"], allTime.QuerySelectorAll(".popular .configured li").Select(li => li.Text()));
        Assert.Equal(ArticleLinks.Url(oldHit.PublishedAt!.Value, oldHit.Slug), allTime.QuerySelector(".popular .configured li a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Every_window_is_in_the_page_and_the_configured_one_is_chosen()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var oldHit = await data.ArticleAsync("Old hit", age: TimeSpan.FromDays(60));
        var monthly = await data.ArticleAsync("Read this month", age: TimeSpan.FromDays(20));
        var trending = await data.ArticleAsync("Trending now");
        await data.ViewsAsync(oldHit, today.AddDays(-45), 1000);
        await data.ViewsAsync(monthly, today.AddDays(-20), 300);
        await data.ViewsAsync(trending, today, 50);

        var home = await app.CreateClient().GetDocumentAsync("/");

        List<string> Titles(int days) => home.QuerySelectorAll($".popular [data-window='{days}'] li").Select(li => li.Text()).ToList();
        Assert.Equal(["Trending now"], Titles(1));
        Assert.Equal(["Trending now"], Titles(7));
        Assert.Equal(["Read this month", "Trending now"], Titles(30));
        Assert.Equal(["Old hit", "Read this month", "Trending now"], Titles(0));
        // Tabs without JavaScript: one radio per window with a label, the configured window (7 days) checked.
        var radios = home.QuerySelectorAll(".popular input[type=radio][name=popular-window]");
        Assert.Equal(["1", "7", "30", "0"], radios.Select(r => r.GetAttribute("value")!));
        Assert.Equal(["7"], radios.Where(r => r.HasAttribute("checked")).Select(r => r.GetAttribute("value")!));
        Assert.All(radios, r => Assert.Equal(r.Id, home.QuerySelector($"label[for='{r.Id}']")!.GetAttribute("for")));
        Assert.Equal("7", home.QuerySelector(".popular .configured")!.GetAttribute("data-window"));
    }

    [Fact]
    public async Task Views_are_buffered_in_memory_bots_are_ignored_and_a_flush_writes_them_in_one_batch()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Counted story");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        var crawler = app.CreateClient();
        crawler.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        for (var i = 0; i < 5; i++)
        {
            await reader.GetDocumentAsync(url);
            await crawler.GetDocumentAsync(url);
        }
        using (await reader.GetAsync("/2020/01/missing-article")) { }

        Task<long> StoredViews() => app.WithDbAsync(db => db.ArticleViews.Where(v => v.ArticleId == article.Id).SumAsync(v => v.Views));
        Assert.Equal(0, await StoredViews());
        var counter = app.Services.GetRequiredService<ViewCounter>();
        Assert.Equal(5, counter.PendingCount);

        await counter.FlushAsync(default);
        Assert.Equal(5, await StoredViews());
        Assert.Equal(0, counter.PendingCount);

        // A second flush adds to the same day's row instead of replacing it.
        await reader.GetDocumentAsync(url);
        await counter.FlushAsync(default);
        Assert.Equal(6, await StoredViews());
    }
}
