using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Export;
using Byline.Web.Features.Import;
using Byline.Web.Features.Pages;
using Byline.Web.Features.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Import;

/// <summary>
/// A seeded site → WXR export → import into an empty site → export again: the two files carry the same content
/// (ids may differ; dates, text, statuses, taxonomy and comment trees must not).
/// </summary>
public sealed class ExportRoundTripTests : IAsyncLifetime
{
    private const string SiteUrl = "https://news.example.org";
    private static readonly XNamespace Wp = WordPressExporter.WpNamespace;
    private readonly BylineAppFactory _source = new();
    private readonly BylineAppFactory _target = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    private static async Task<string> ExportAsync(BylineAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var stream = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<WordPressExporter>().WriteAsync(stream, SiteUrl, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task SeedAsync()
    {
        var now = _source.Clock.GetUtcNow().UtcDateTime;
        var markdown = _source.Services.GetRequiredService<MarkdownRenderer>();
        await _source.WithDbAsync(async db =>
        {
            var writer = new Author { Slug = "ana-writer", DisplayName = "Ana Writer", Email = "ana@example.org" };
            var editor = new Author { Slug = "bo-editor", DisplayName = "Bo Editor" };
            db.Authors.AddRange(writer, editor);
            var world = new Category { Slug = "world", Name = "World", Description = "Everything abroad" };
            var asia = new Category { Slug = "asia", Name = "Asia", Parent = world };
            var thailand = new Category { Slug = "thailand", Name = "Thailand & Laos", Parent = asia, Description = "Mekong <region>" };
            db.Categories.AddRange(world, asia, thailand);
            var floods = new Tag { Slug = "floods", Name = "Floods" };
            var elections = new Tag { Slug = "elections", Name = "Élections" };
            db.Tags.AddRange(floods, elections);
            Article Article(string slug, string title, ArticleStatus status, Author author, Category category, DateTime date, string body)
            {
                var article = new Article
                {
                    Slug = slug, Title = title, BodyMarkdown = body, BodyHtml = markdown.ToHtml(body), Status = status,
                    CreatedAt = date, UpdatedAt = date, PublishedAt = status is ArticleStatus.Published or ArticleStatus.Scheduled ? date : null,
                    AuthorId = 0, Author = author, CategoryId = 0, Category = category, Version = 1,
                };
                db.Articles.Add(article);
                return article;
            }
            var flagship = Article("mission-bangkok", "Mission: Bangkok & “beyond” <live>", ArticleStatus.Published, writer, thailand, now.AddDays(-3),
                "# Heading\n\nSome **Markdown** with a [link](https://example.com/a?b=1&c=2), ünïcödé and 日本語.\n\nA CDATA end ]]> inside the text.\n\n```\ncode ]]> block\n```");
            flagship.IsSticky = true;
            flagship.Excerpt = "Short version ]]> with a CDATA end";
            flagship.FeaturedImageUrl = "/media/2026/11/bangkok.jpg";
            flagship.Tags = [floods, elections];
            Article("draft-story", "A draft", ArticleStatus.Draft, editor, world, now.AddDays(-1), "Not ready.").Tags = [floods];
            Article("pending-story", "Pending review", ArticleStatus.PendingReview, writer, asia, now.AddHours(-5), "Please check.");
            Article("scheduled-story", "Scheduled", ArticleStatus.Scheduled, writer, world, now.AddDays(2), "Tomorrow's news.");
            var trashed = Article("trashed-story", "Trashed one", ArticleStatus.Trashed, editor, world, now.AddDays(-10), "Gone.");
            trashed.StatusBeforeTrash = ArticleStatus.Published;
            trashed.PublishedAt = now.AddDays(-10);
            var closed = Article("closed-comments", "Comments closed", ArticleStatus.Published, writer, asia, now.AddDays(-2), "Quiet.");
            closed.CommentsOpen = false;
            db.StaticPages.AddRange(
                new StaticPage { Slug = "about", Title = "About us", BodyMarkdown = "We *report*.", BodyHtml = markdown.ToHtml("We *report*."), Status = StaticPageStatus.Published, MenuOrder = 2, CreatedAt = now.AddDays(-30), UpdatedAt = now, Version = 1 },
                new StaticPage { Slug = "ethics", Title = "Ethics (draft)", BodyMarkdown = "Soon.", BodyHtml = markdown.ToHtml("Soon."), Status = StaticPageStatus.Draft, CreatedAt = now.AddDays(-4), UpdatedAt = now, Version = 1 },
                new StaticPage { Slug = "old-page", Title = "Old page", BodyMarkdown = "Old.", BodyHtml = markdown.ToHtml("Old."), Status = StaticPageStatus.Trashed, CreatedAt = now.AddDays(-40), UpdatedAt = now, Version = 1 });
            await db.SaveChangesAsync();

            Comment Comment(int? parent, string name, CommentStatus status, int minutes, string body, string? reason = null) => new()
            {
                ArticleId = flagship.Id, ParentId = parent, AuthorName = name, AuthorEmail = name.ToLowerInvariant().Replace(' ', '.') + "@example.net",
                AuthorUrl = name == "Cy" ? "https://cy.example.net/" : null, IpAddress = "192.0.2." + minutes, Body = body, Status = status,
                CreatedAt = now.AddMinutes(-600 + minutes), ModerationReason = reason,
            };
            var root = Comment(null, "Cy", CommentStatus.Approved, 1, "First! ]]> & <b>bold</b>");
            var otherRoot = Comment(null, "Di", CommentStatus.Approved, 2, "Another thread.");
            db.Comments.AddRange(root, otherRoot);
            await db.SaveChangesAsync();
            var reply = Comment(root.Id, "Ed", CommentStatus.Approved, 3, "A reply.");
            db.Comments.AddRange(reply, Comment(null, "Spammer", CommentStatus.Spam, 4, "Buy pills"), Comment(null, "Fi", CommentStatus.Pending, 5, "Waiting."),
                Comment(null, "Gus", CommentStatus.Trash, 6, "Removed."), Comment(null, "Blog", CommentStatus.Approved, 7, "Linked to you.", "pingback"));
            await db.SaveChangesAsync();
            var deeper = Comment(reply.Id, "Cy", CommentStatus.Approved, 8, "Reply to the reply.");
            db.Comments.Add(deeper);
            await db.SaveChangesAsync();
            db.Comments.Add(Comment(deeper.Id, "Di", CommentStatus.Pending, 9, "Fourth level."));
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Export_import_into_an_empty_site_and_export_again_gives_the_same_content()
    {
        await SeedAsync();
        var first = await ExportAsync(_source);

        await using (var scope = _target.Services.CreateAsyncScope())
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(first));
            var summary = await scope.ServiceProvider.GetRequiredService<WordPressImporter>().ImportAsync(stream, new ImportOptions(), null, CancellationToken.None);
            Assert.True(summary.Succeeded, string.Join('\n', summary.Lines()));
            Assert.Equal(0, summary.Failed);
            Assert.Equal(6, summary.ImportedOf("posts"));
            Assert.Equal(3, summary.ImportedOf("pages"));
            Assert.Equal(9, summary.ImportedOf("comments"));
        }
        var second = await ExportAsync(_target);

        var expected = Normalise(first);
        Assert.Equal(expected, Normalise(second));
        // The comparison sees what matters (so this test can fail): states, threads, stickiness, taxonomy, the CDATA end.
        Assert.Contains("status=trash", expected, StringComparison.Ordinal);
        Assert.Contains("meta _wp_trash_meta_status=publish", expected, StringComparison.Ordinal);
        Assert.Contains("status=future", expected, StringComparison.Ordinal);
        Assert.Contains("status=pending", expected, StringComparison.Ordinal);
        Assert.Contains("is_sticky=1", expected, StringComparison.Ordinal);
        Assert.Contains("category:thailand:Thailand & Laos", expected, StringComparison.Ordinal);
        Assert.Contains("category_parent=asia", expected, StringComparison.Ordinal);
        Assert.Contains("parent=[2026-11-19 23:33:00|Ed|A reply.]", expected, StringComparison.Ordinal);
        Assert.Contains("comment_approved=spam", expected, StringComparison.Ordinal);
        Assert.Contains("comment_type=pingback", expected, StringComparison.Ordinal);
        Assert.Contains("First! ]]> & <b>bold</b>", expected, StringComparison.Ordinal);

        await _target.WithDbAsync(async db =>
        {
            var article = await db.Articles.Include(a => a.Tags).Include(a => a.Category).ThenInclude(c => c.Parent).SingleAsync(a => a.Slug == "mission-bangkok");
            Assert.True(article.IsSticky);
            Assert.Equal("asia", article.Category.Parent!.Slug);
            Assert.Equal("Short version ]]> with a CDATA end", article.Excerpt);
            Assert.Contains("A CDATA end ]]> inside the text.", article.BodyMarkdown, StringComparison.Ordinal);
            Assert.Equal(SiteUrl + "/media/2026/11/bangkok.jpg", article.FeaturedImageUrl);
            var fourth = await db.Comments.SingleAsync(c => c.Body == "Fourth level.");
            var third = await db.Comments.SingleAsync(c => c.Id == fourth.ParentId);
            var second = await db.Comments.SingleAsync(c => c.Id == third.ParentId);
            Assert.Equal("A reply.", second.Body);
            Assert.Equal(ArticleStatus.Published, (await db.Articles.SingleAsync(a => a.Slug == "trashed-story")).StatusBeforeTrash);
        });
    }

    [Fact]
    public async Task The_export_is_well_formed_with_the_wxr_namespaces_and_the_importers_reader_reads_it()
    {
        await SeedAsync();
        var xml = await ExportAsync(_source);

        using (var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            reader.MoveToContent();
            Assert.Equal("rss", reader.LocalName);
            Assert.Equal("2.0", reader.GetAttribute("version"));
            Assert.Equal("http://wordpress.org/export/1.2/", reader.LookupNamespace("wp"));
            Assert.Equal("http://wordpress.org/export/1.2/excerpt/", reader.LookupNamespace("excerpt"));
            Assert.Equal("http://purl.org/rss/1.0/modules/content/", reader.LookupNamespace("content"));
            Assert.Equal("http://wellformedweb.org/CommentAPI/", reader.LookupNamespace("wfw"));
            Assert.Equal("http://purl.org/dc/elements/1.1/", reader.LookupNamespace("dc"));
            while (reader.Read())
            {
            }
        }
        Assert.Contains("]]]]><![CDATA[>", xml, StringComparison.Ordinal);

        var channel = new WxrChannel();
        var items = WxrReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)), channel, () => { }).ToList();
        Assert.Equal("1.2", channel.Version);
        Assert.Equal(SiteUrl, channel.BaseSiteUrl);
        Assert.Equal(["ana-writer", "bo-editor"], channel.Authors.Select(a => a.Login).Order().ToArray());
        Assert.Equal("world", channel.Terms.Single(t => t.Slug == "asia").Parent);
        Assert.Equal(1, items.Count(i => i.PostType == "attachment"));
        Assert.Equal(6, items.Count(i => i.PostType == "post"));
        Assert.Equal(3, items.Count(i => i.PostType == "page"));
        var flagship = items.Single(i => i.PostName == "mission-bangkok");
        Assert.Equal("Mission: Bangkok & “beyond” <live>", flagship.Title);
        Assert.True(flagship.Sticky);
        Assert.Equal("Short version ]]> with a CDATA end", flagship.Excerpt);
        Assert.Contains("code ]]> block", flagship.Meta.Single(m => m.Key == WordPressExporter.MarkdownMetaKey).Value, StringComparison.Ordinal);
        Assert.Equal(items.Single(i => i.PostType == "attachment").Id, flagship.Meta.Single(m => m.Key == "_thumbnail_id").Value);
        Assert.Equal(9, flagship.Comments.Count);
        Assert.Equal(["0", "1", "spam", "trash"], flagship.Comments.Select(c => c.Approved).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["2026-11-17 09:30:00"], [flagship.DateGmt!.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]);
        Assert.Equal(["category:thailand", "post_tag:elections", "post_tag:floods"], flagship.Terms.Select(t => t.Domain + ":" + t.Slug).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("closed", items.Single(i => i.PostName == "closed-comments").CommentStatus);
        Assert.Equal(2, items.Single(i => i.PostName == "about").MenuOrder);
    }

    /// <summary>The export's content without ids: comments keyed by (date, author, text), parents by their key, lines sorted.</summary>
    private static string Normalise(string xml)
    {
        var doc = XDocument.Parse(xml);
        var channel = doc.Root!.Element("channel")!;
        var lines = new List<string>();
        string Fields(XElement element, params string[] except) => string.Join(" ", element.Elements()
            .Where(e => !e.HasElements && !except.Contains(e.Name.LocalName))
            .Select(e => $"{e.Name.LocalName}={e.Value}"));
        foreach (var e in channel.Elements(Wp + "author"))
        {
            lines.Add("author " + Fields(e, "author_id"));
        }
        foreach (var e in channel.Elements(Wp + "category").Concat(channel.Elements(Wp + "tag")))
        {
            lines.Add(e.Name.LocalName + " " + Fields(e, "term_id"));
        }
        var items = channel.Elements("item").ToList();
        var attachmentUrls = items.ToDictionary(i => i.Element(Wp + "post_id")!.Value, i => i.Element(Wp + "attachment_url")?.Value ?? "");
        foreach (var item in items)
        {
            var parts = new List<string> { "item " + Fields(item, "post_id", "guid", "post_modified", "post_modified_gmt", "post_parent") };
            parts.AddRange(item.Elements("category").Select(c => $"{c.Attribute("domain")!.Value}:{c.Attribute("nicename")!.Value}:{c.Value}").Order(StringComparer.Ordinal));
            foreach (var meta in item.Elements(Wp + "postmeta").OrderBy(m => m.Element(Wp + "meta_key")!.Value, StringComparer.Ordinal))
            {
                var key = meta.Element(Wp + "meta_key")!.Value;
                var value = meta.Element(Wp + "meta_value")!.Value;
                if (key == "_wp_trash_meta_time")
                {
                    continue;
                }
                parts.Add($"meta {key}={(key == "_thumbnail_id" ? attachmentUrls[value] : value)}");
            }
            var comments = item.Elements(Wp + "comment").ToList();
            var keyOf = comments.ToDictionary(c => c.Element(Wp + "comment_id")!.Value,
                c => $"[{c.Element(Wp + "comment_date_gmt")!.Value}|{c.Element(Wp + "comment_author")!.Value}|{c.Element(Wp + "comment_content")!.Value}]");
            parts.AddRange(comments.Select(c =>
                $"comment {keyOf[c.Element(Wp + "comment_id")!.Value]} parent={keyOf.GetValueOrDefault(c.Element(Wp + "comment_parent")!.Value, "none")} "
                + Fields(c, "comment_id", "comment_parent", "comment_user_id")).Order(StringComparer.Ordinal));
            lines.Add(string.Join("\n  ", parts));
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }
}
