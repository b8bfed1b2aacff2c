using Byline.Web.Features.Articles;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Demo;

/// <summary>
/// Fills a database with many generated articles for benchmarks (`generate articles N`):
/// deterministic pseudo-text from a fixed vocabulary, inserted in batches. Related articles are
/// not ranked (that is a separate, slower job); everything else is as real articles have it.
/// </summary>
public sealed class BulkArticleGenerator(BylineDbContext db, TimeProvider clock)
{
    private static readonly string[] Words =
    [
        "harbour", "tram", "council", "budget", "flood", "barrier", "comet", "probe", "heatwave", "water", "festival", "film",
        "battery", "recycling", "football", "promotion", "solar", "cooperative", "archive", "village", "reservoir", "night",
        "train", "data", "portal", "privacy", "summit", "mission", "climate", "river", "bridge", "school", "market", "election",
        "hospital", "museum", "library", "energy", "transport", "housing", "science", "orbit", "season", "goal", "stadium",
        "minister", "report", "survey", "district", "community", "volunteers", "pumps", "canal", "mangrove", "storm", "forecast",
    ];

    public async Task<int> GenerateAsync(int count, Action<int>? progress, CancellationToken cancellationToken)
    {
        var author = await db.Authors.FirstOrDefaultAsync(cancellationToken) ?? db.Authors.Add(new Author { Slug = "bench-writer", DisplayName = "Bench Writer" }).Entity;
        var category = await db.Categories.FirstOrDefaultAsync(cancellationToken) ?? db.Categories.Add(new Category { Slug = "bench", Name = "Bench" }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        var random = new Random(20261124);
        var now = clock.GetUtcNow().UtcDateTime;
        var start = await db.Articles.CountAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var done = 0; done < count;)
        {
            var batch = Math.Min(1000, count - done);
            for (var i = 0; i < batch; i++)
            {
                var n = start + done + i;
                var title = $"{Sentence(random, 6)} {n}";
                var body = string.Join("\n\n", Enumerable.Range(0, 5).Select(_ => Sentence(random, 60)));
                var published = now.AddMinutes(-n);
                db.Articles.Add(new Article
                {
                    Slug = $"bench-{n}",
                    Title = char.ToUpperInvariant(title[0]) + title[1..],
                    Excerpt = Sentence(random, 20),
                    BodyMarkdown = body,
                    BodyHtml = string.Concat(body.Split("\n\n").Select(p => $"<p>{p}</p>")),
                    Status = ArticleStatus.Published,
                    CreatedAt = published,
                    UpdatedAt = published,
                    PublishedAt = published,
                    AuthorId = author.Id,
                    CategoryId = category.Id,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += batch;
            progress?.Invoke(done);
        }
        return count;
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";
}
