using Byline.Web.Features.Related;

namespace Byline.UnitTests.Related;

public sealed class RelatedArticleRankerTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    private static RelatedDocument Doc(int id, string title, string text, int category = 1, int[]? tags = null, int daysAgo = 1) =>
        new(id, title, text, (tags ?? []).ToHashSet(), category, Now.AddDays(-daysAgo));

    private static readonly RelatedDocument[] Corpus =
    [
        Doc(1, "Tram line extension approved", "The council approved the tram line extension to the harbour district. Tram depots and tram stops follow.", 1, [10]),
        Doc(2, "Tram construction delays", "Construction of the tram line extension is delayed; the harbour district tram stops open late.", 1, [10]),
        Doc(3, "Opening day for the harbour tram", "Crowds rode the new tram line on opening day in the harbour district.", 1, [10]),
        Doc(4, "Comet flyby returns images", "The probe flew past the comet and returned images of its icy nucleus.", 2, [20]),
        Doc(5, "Budget talks stall", "Negotiations on the city budget stalled over school funding and pensions.", 1, [30]),
        Doc(6, "Football club wins promotion", "The club won promotion after a late goal in the final match of the season.", 3, [40]),
    ];

    [Fact]
    public void Similar_articles_rank_above_unrelated_ones_and_the_article_itself_is_never_listed()
    {
        var ranker = new RelatedArticleRanker(Corpus);

        var related = ranker.Rank(1, 3).Select(m => m.ArticleId).ToList();

        Assert.DoesNotContain(1, related);
        Assert.Equal([2, 3], related.Take(2).Order());
    }

    [Fact]
    public void When_nothing_is_similar_enough_the_latest_of_the_same_category_fills_the_slots()
    {
        var corpus = new[]
        {
            Doc(1, "Alpha", "zebra quartz", category: 7, daysAgo: 10),
            Doc(2, "Beta", "violin harbour", category: 7, daysAgo: 5),
            Doc(3, "Gamma", "copper lantern", category: 7, daysAgo: 1),
            Doc(4, "Delta", "orchid tundra", category: 8, daysAgo: 0),
        };
        var ranker = new RelatedArticleRanker(corpus);

        var related = ranker.Rank(1, 3);

        Assert.Equal([3, 2], related.Select(m => m.ArticleId));
        Assert.All(related, m => Assert.Equal(0, m.Score));
    }

    [Fact]
    public void Shared_tags_lift_an_article_with_otherwise_similar_text()
    {
        var corpus = new[]
        {
            Doc(1, "Water rationing begins", "Heatwave water rationing reservoir levels", 1, [1, 2]),
            Doc(2, "Reservoir levels fall", "Heatwave reservoir levels water", 2, [1, 2]),
            Doc(3, "Reservoir levels fall again", "Heatwave reservoir levels water", 2, []),
        };
        var ranker = new RelatedArticleRanker(corpus);

        Assert.Equal(2, ranker.Rank(1, 2)[0].ArticleId);
    }

    [Fact]
    public void Tokenize_drops_stop_words_and_folds_plurals()
    {
        var tokens = RelatedArticleRanker.Tokenize("The trams and the Council's stops, 2024!").ToList();

        Assert.Equal(["tram", "council", "stop"], tokens);
    }
}
