using Byline.Web.Features.Articles;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Infrastructure;

/// <summary>Creates the rows a test needs through the app's own services; names are unique per call.</summary>
public sealed class TestData(BylineAppFactory app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public Task<Author> AuthorAsync(string name = "Test Writer") =>
        app.WithDbAsync(async db =>
        {
            var author = new Author { Slug = Unique("author"), DisplayName = name, Bio = "Writes tests." };
            db.Authors.Add(author);
            await db.SaveChangesAsync();
            return author;
        });

    public Task<Category> CategoryAsync(string name = "News", int? parentId = null) =>
        app.WithDbAsync(async db =>
        {
            var category = new Category { Slug = Unique(Slugs.From(name)), Name = name, ParentId = parentId };
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category;
        });

    /// <summary>A published article; recomputes related articles as publishing does.</summary>
    public async Task<Article> ArticleAsync(
        string title = "A test article", string body = "Some **Markdown** text.", Category? category = null, Author? author = null,
        string[]? tags = null, TimeSpan? age = null, bool commentsOpen = true)
    {
        category ??= await CategoryAsync();
        author ??= await AuthorAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var published = now - (age ?? TimeSpan.FromHours(1));
        var article = await app.WithDbAsync(async db =>
        {
            var markdown = app.Services.GetRequiredService<MarkdownRenderer>();
            var entity = new Article
            {
                Slug = Unique(Slugs.From(title)),
                Title = title,
                Excerpt = $"Excerpt of {title}",
                BodyMarkdown = body,
                BodyHtml = markdown.ToHtml(body),
                Status = ArticleStatus.Published,
                CreatedAt = published,
                UpdatedAt = published,
                PublishedAt = published,
                CommentsOpen = commentsOpen,
                AuthorId = author.Id,
                CategoryId = category.Id,
            };
            foreach (var name in tags ?? [])
            {
                var slug = Slugs.From(name);
                entity.Tags.Add(await db.Tags.SingleOrDefaultAsync(t => t.Slug == slug) ?? new Tag { Slug = slug, Name = name });
            }
            db.Articles.Add(entity);
            await db.SaveChangesAsync();
            return entity;
        });
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RelatedArticlesUpdater>().RecomputeForAsync(article.Id, default);
        app.Services.GetRequiredService<CategoryDirectory>().Invalidate();
        return article;
    }

    public async Task<Comment> CommentAsync(
        Article article, string name = "reader", string? email = null, CommentStatus status = CommentStatus.Approved,
        string body = "A comment.", int? parentId = null, TimeSpan? age = null)
    {
        var comment = await app.WithDbAsync(async db =>
        {
            var entity = new Comment
            {
                ArticleId = article.Id,
                ParentId = parentId,
                AuthorName = name,
                AuthorEmail = email ?? $"{Unique("reader")}@example.org",
                Body = body,
                Status = status,
                CreatedAt = app.Clock.GetUtcNow().UtcDateTime - (age ?? TimeSpan.FromMinutes(5)),
            };
            db.Comments.Add(entity);
            await db.SaveChangesAsync();
            return entity;
        });
        app.Services.GetRequiredService<Sidebar>().Invalidate();
        return comment;
    }

    public Task ViewsAsync(Article article, DateOnly day, long views) =>
        app.WithDbAsync(async db =>
        {
            db.ArticleViews.Add(new ArticleViewCount { ArticleId = article.Id, Day = day, Views = views });
            await db.SaveChangesAsync();
        });
}
