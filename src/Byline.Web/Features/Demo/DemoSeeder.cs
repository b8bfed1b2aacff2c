using System.Text.Json;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Demo;

/// <summary>
/// Fills an empty site with the demo newsroom from <c>demo-content.json</c> (original text written
/// for Byline): authors, categories, tagged articles dated relative to now, threaded comments
/// (some pending) and page-view history, so every box on the page has something to show.
/// </summary>
public sealed class DemoSeeder(
    BylineDbContext db, MarkdownRenderer markdown, CommentRenderer commentRenderer, RelatedArticlesUpdater related, SiteSettingsProvider settings,
    CategoryDirectory categories, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var content = Load();
        var now = clock.GetUtcNow().UtcDateTime;

        var site = await db.SiteSettings.SingleAsync(cancellationToken);
        site.Title = "The Byline Times";
        site.Tagline = "Independent news and analysis";

        var authors = content.Authors.ToDictionary(a => a.Slug, a => new Author
        {
            Slug = a.Slug, DisplayName = a.Name, Bio = a.Bio, Email = a.Email,
        });
        db.Authors.AddRange(authors.Values);

        var categoryBySlug = new Dictionary<string, Category>();
        var position = 0;
        foreach (var c in content.Categories)
        {
            var category = new Category
            {
                Slug = c.Slug, Name = c.Name, Description = c.Description, Position = position++,
                Parent = c.Parent is null ? null : categoryBySlug[c.Parent],
            };
            categoryBySlug[c.Slug] = category;
            db.Categories.Add(category);
        }

        var tags = new Dictionary<string, Tag>();
        var articles = new List<(DemoArticle Source, Article Entity)>();
        foreach (var a in content.Articles)
        {
            var published = now.AddDays(-a.DaysAgo);
            var article = new Article
            {
                Slug = a.Slug,
                Title = a.Title,
                Excerpt = a.Excerpt,
                BodyMarkdown = a.Body,
                BodyHtml = markdown.ToHtml(a.Body),
                Status = ArticleStatus.Published,
                CreatedAt = published.AddHours(-3),
                UpdatedAt = published,
                PublishedAt = published,
                CommentsOpen = a.CommentsOpen,
                Author = authors[a.Author],
                Category = categoryBySlug[a.Category],
            };
            foreach (var name in a.Tags)
            {
                var slug = Slugs.From(name);
                if (!tags.TryGetValue(slug, out var tag))
                {
                    tags[slug] = tag = new Tag { Slug = slug, Name = name };
                }
                article.Tags.Add(tag);
            }
            db.Articles.Add(article);
            articles.Add((a, article));
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (source, article) in articles)
        {
            await AddCommentsAsync(source, article, now, cancellationToken);
            AddViews(source, article, now);
        }
        await db.SaveChangesAsync(cancellationToken);

        await related.RecomputeAllAsync(cancellationToken);
        settings.Invalidate();
        categories.Invalidate();
    }

    private async Task AddCommentsAsync(DemoArticle source, Article article, DateTime now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, int>();
        foreach (var c in source.Comments)
        {
            var created = article.PublishedAt!.Value.AddHours(c.HoursAfter);
            var comment = new Comment
            {
                ArticleId = article.Id,
                ParentId = c.Parent is null ? null : ids[c.Parent],
                AuthorName = c.Name,
                AuthorEmail = c.Email.ToLowerInvariant(),
                AuthorUrl = c.Url,
                Body = c.Body,
                BodyHtml = commentRenderer.ToHtml(c.Body),
                BodyHash = CommentBodyHash.Of(c.Body),
                CreatedAt = created > now ? now.AddMinutes(-ids.Count - 1) : created,
                Status = c.Status == "pending" ? CommentStatus.Pending : CommentStatus.Approved,
                ModerationReason = "demo content",
            };
            db.Comments.Add(comment);
            // Replies need their parent's id, so each comment is saved before the next.
            await db.SaveChangesAsync(cancellationToken);
            ids[c.Key] = comment.Id;
        }
    }

    /// <summary>Spreads the article's historic views over the days since it was published, recent ones in the last week.</summary>
    private void AddViews(DemoArticle source, Article article, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var ageDays = Math.Max(0, (int)Math.Floor(source.DaysAgo));
        var perDay = new Dictionary<DateOnly, long>();
        void Spread(long views, int fromDaysAgo, int toDaysAgo)
        {
            if (views <= 0 || toDaysAgo < fromDaysAgo)
            {
                return;
            }
            var days = toDaysAgo - fromDaysAgo + 1;
            for (var d = 0; d < days; d++)
            {
                var share = views / days + (d < views % days ? 1 : 0);
                var day = today.AddDays(-(fromDaysAgo + d));
                perDay[day] = perDay.GetValueOrDefault(day) + share;
            }
        }
        var recent = Math.Min(source.RecentViews, source.Views);
        Spread(recent, 0, Math.Min(6, ageDays));
        Spread(source.Views - recent, Math.Min(7, ageDays), ageDays);
        foreach (var (day, views) in perDay.Where(p => p.Value > 0))
        {
            db.ArticleViews.Add(new ArticleViewCount { ArticleId = article.Id, Day = day, Views = views });
        }
    }

    internal static DemoContent Load()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Byline.DemoContent.json")
                           ?? throw new InvalidOperationException("The demo content resource is missing from the build.");
        return JsonSerializer.Deserialize<DemoContent>(stream, JsonOptions)
               ?? throw new InvalidOperationException("The demo content resource is empty.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed record DemoContent(List<DemoAuthor> Authors, List<DemoCategory> Categories, List<DemoArticle> Articles);

internal sealed record DemoAuthor(string Slug, string Name, string Email, string Bio);

internal sealed record DemoCategory(string Slug, string Name, string Description, string? Parent);

internal sealed record DemoArticle(
    string Slug, string Title, string Excerpt, string Category, string Author, List<string> Tags, double DaysAgo,
    long Views, long RecentViews, bool CommentsOpen, string Body, List<DemoComment> Comments);

internal sealed record DemoComment(string Key, string? Parent, string Name, string Email, string? Url, double HoursAfter, string Status, string Body);
