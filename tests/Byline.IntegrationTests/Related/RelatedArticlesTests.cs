using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;

namespace Byline.IntegrationTests.Related;

public sealed class RelatedArticlesTests
{
    [Fact]
    public async Task Related_articles_exclude_the_article_favour_similar_ones_and_link_to_the_category()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var city = await data.CategoryAsync("City");
        var science = await data.CategoryAsync("Science");
        var target = await data.ArticleAsync("Harbour tram line approved",
            "The council approved the harbour tram line. Tram stops, tram depots and the tram timetable follow.", city, tags: ["Trams"]);
        var similar1 = await data.ArticleAsync("Tram line construction delayed",
            "Construction of the harbour tram line is delayed; new tram stops open late.", city, tags: ["Trams"], age: TimeSpan.FromDays(2));
        var similar2 = await data.ArticleAsync("Harbour tram opening day",
            "Crowds rode the harbour tram line on its first day; the tram timetable held.", city, tags: ["Trams"], age: TimeSpan.FromDays(3));
        for (var i = 0; i < 4; i++)
        {
            await data.ArticleAsync($"Comet flyby {i}", "The probe flew past the comet and sent images of the icy nucleus.", science, age: TimeSpan.FromMinutes(i));
        }
        await data.ArticleAsync("Budget stalls", "The city budget talks stalled over pensions.", city, age: TimeSpan.FromMinutes(1));

        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(target.PublishedAt!.Value, target.Slug));

        var related = page.QuerySelectorAll(".related-list a").Select(a => a.Text()).ToList();
        Assert.InRange(related.Count, 3, 6);
        Assert.DoesNotContain("Harbour tram line approved", related);
        Assert.Equal(new[] { similar1.Title, similar2.Title }.Order(), related.Take(2).Order());
        Assert.DoesNotContain(related, r => r.StartsWith("Comet", StringComparison.Ordinal));
        var more = page.QuerySelector(".related .continue a")!;
        Assert.Equal($"/category/{city.Slug}", more.GetAttribute("href"));
        Assert.Contains("Continue to the category", more.Text(), StringComparison.Ordinal);
    }
}
