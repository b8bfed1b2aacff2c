using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Export;

/// <summary>
/// Writes the whole site as one JSON document (format <c>byline-export</c>, version <see cref="FormatVersion"/>;
/// described in docs/import.md): settings (without the privacy salt), authors, users (without password hashes,
/// security stamps or two-factor secrets), categories, tags, articles (Markdown and rendered HTML, revisions
/// on request), comments, pages, redirects and media metadata. Streamed with <see cref="Utf8JsonWriter"/>
/// in batches of rows, flushed as it goes.
/// </summary>
public sealed class JsonExporter(BylineDbContext db, TimeProvider clock)
{
    public const int FormatVersion = 1;
    private const int BatchSize = 500;
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Settings that never leave the site: the salt that pseudonymises commenters' addresses.</summary>
    private static readonly string[] SecretSettings = ["privacySalt"];

    public async Task<ExportCounts> WriteAsync(Stream output, bool includeRevisions, CancellationToken cancellationToken)
    {
        // The writer fills a buffer (JsonSerializer flushes its writer synchronously, which an HTTP response refuses);
        // the buffer goes to the stream asynchronously whenever it passes FlushBytes.
        var buffer = new ArrayBufferWriter<byte>(2 * FlushBytes);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Options.Encoder });
        var sink = new Sink(json, buffer, output);
        json.WriteStartObject();
        json.WriteString("format", "byline-export");
        json.WriteNumber("version", FormatVersion);
        json.WriteString("exportedAt", clock.GetUtcNow().UtcDateTime);

        var settings = await db.SiteSettings.AsNoTracking().Where(s => s.Id == SiteSettings.SingletonId).FirstOrDefaultAsync(cancellationToken) ?? new SiteSettings();
        var settingsNode = JsonSerializer.SerializeToNode(settings, Options)!.AsObject();
        foreach (var secret in SecretSettings)
        {
            settingsNode.Remove(secret);
        }
        settingsNode.Remove("id");
        json.WritePropertyName("settings");
        settingsNode.WriteTo(json, Options);

        var authors = await WriteArrayAsync(sink, "authors", last => db.Authors.AsNoTracking().Where(a => a.Id > last).OrderBy(a => a.Id).Take(BatchSize)
            .Select(a => new { a.Id, a.Slug, a.DisplayName, a.Bio, a.AvatarUrl, a.Email }).ToListAsync(cancellationToken), a => a.Id, cancellationToken);

        // An allow-list: nothing that lets someone sign in as the user (password hash, security stamp, authenticator key, recovery codes).
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync(cancellationToken);
        var rolesOf = roles.ToLookup(r => r.UserId, r => r.Name);
        await WriteArrayAsync(sink, "users", async last => (await db.Users.AsNoTracking().Where(u => u.Id > last).OrderBy(u => u.Id).Take(BatchSize)
                .Select(u => new { u.Id, u.UserName, u.Email, u.EmailConfirmed, u.AuthorId, u.CreatedAt, u.LockoutEnd, u.TwoFactorEnabled })
                .ToListAsync(cancellationToken))
            .Select(u => new { u.Id, u.UserName, u.Email, u.EmailConfirmed, u.AuthorId, Roles = rolesOf[u.Id].Order(StringComparer.Ordinal).ToList(), u.CreatedAt, u.LockoutEnd, u.TwoFactorEnabled })
            .ToList(), u => u.Id, cancellationToken);

        var categories = await WriteArrayAsync(sink, "categories", last => db.Categories.AsNoTracking().Where(c => c.Id > last).OrderBy(c => c.Id).Take(BatchSize)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Description, c.ParentId, c.Position }).ToListAsync(cancellationToken), c => c.Id, cancellationToken);
        var tags = await WriteArrayAsync(sink, "tags", last => db.Tags.AsNoTracking().Where(t => t.Id > last).OrderBy(t => t.Id).Take(BatchSize)
            .Select(t => new { t.Id, t.Slug, t.Name }).ToListAsync(cancellationToken), t => t.Id, cancellationToken);

        var articles = await WriteArrayAsync(sink, "articles", async last =>
        {
            var batch = await db.Articles.AsNoTracking().Where(a => a.Id > last).OrderBy(a => a.Id).Take(BatchSize)
                .Select(a => new
                {
                    a.Id, a.Slug, a.Title, a.Excerpt, a.Status, a.StatusBeforeTrash, a.CreatedAt, a.UpdatedAt, a.PublishedAt,
                    a.CommentsOpen, a.IsSticky, a.FeaturedImageUrl, a.FeaturedImageAlt, a.AuthorId, a.CategoryId,
                    TagIds = a.Tags.OrderBy(t => t.Id).Select(t => t.Id).ToList(), a.Version, a.LastEditedByUserId, a.BodyMarkdown, a.BodyHtml,
                })
                .ToListAsync(cancellationToken);
            var ids = batch.Select(a => a.Id).ToList();
            var revisions = includeRevisions
                ? (await db.ArticleRevisions.AsNoTracking().Where(r => ids.Contains(r.ArticleId)).OrderBy(r => r.ArticleId).ThenBy(r => r.Number)
                    .Select(r => new { r.ArticleId, r.Number, r.Title, r.Slug, r.Excerpt, r.BodyMarkdown, r.CreatedAt, r.UserId, r.UserName, r.IsAutosave })
                    .ToListAsync(cancellationToken)).ToLookup(r => r.ArticleId)
                : null;
            return batch.Select(a => new
            {
                a.Id, a.Slug, a.Title, a.Excerpt, a.Status, a.StatusBeforeTrash, a.CreatedAt, a.UpdatedAt, a.PublishedAt,
                a.CommentsOpen, a.IsSticky, a.FeaturedImageUrl, a.FeaturedImageAlt, a.AuthorId, a.CategoryId, a.TagIds, a.Version,
                a.LastEditedByUserId, a.BodyMarkdown, a.BodyHtml,
                Revisions = revisions?[a.Id].Select(r => new { r.Number, r.Title, r.Slug, r.Excerpt, r.BodyMarkdown, r.CreatedAt, r.UserId, r.UserName, r.IsAutosave }).ToList(),
            }).ToList();
        }, a => a.Id, cancellationToken);

        var comments = await WriteArrayAsync(sink, "comments", last => db.Comments.AsNoTracking().Where(c => c.Id > last).OrderBy(c => c.Id).Take(BatchSize)
            .Select(c => new
            {
                c.Id, c.ArticleId, c.ParentId, c.Status, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.UserId, c.CreatedAt, c.EditedAt,
                c.IpAddress, c.UserAgent, c.ModerationReason, c.Body, c.BodyHtml,
            }).ToListAsync(cancellationToken), c => c.Id, cancellationToken);

        var pages = await WriteArrayAsync(sink, "pages", last => db.StaticPages.AsNoTracking().Where(p => p.Id > last).OrderBy(p => p.Id).Take(BatchSize)
            .Select(p => new { p.Id, p.Slug, p.Title, p.Status, p.MenuOrder, p.ShowInFooter, p.CreatedAt, p.UpdatedAt, p.Version, p.BodyMarkdown, p.BodyHtml })
            .ToListAsync(cancellationToken), p => p.Id, cancellationToken);

        await WriteArrayAsync(sink, "redirects", last => db.Redirects.AsNoTracking().Where(r => r.Id > last).OrderBy(r => r.Id).Take(BatchSize)
            .Select(r => new { r.Id, r.FromPath, r.ArticleId, PageId = r.StaticPageId, r.ToPath, r.CreatedAt }).ToListAsync(cancellationToken), r => r.Id, cancellationToken);

        var media = await WriteArrayAsync(sink, "media", last => db.Media.AsNoTracking().Where(m => m.Id > last).OrderBy(m => m.Id).Take(BatchSize)
            .Select(m => new
            {
                m.Id, m.StorageKey, m.OriginalFileName, m.ContentType, m.Width, m.Height, m.Length, m.AltText, m.Caption,
                m.VariantWidths, m.UploadedAt, m.UploadedByUserId,
            }).ToListAsync(cancellationToken), m => m.Id, cancellationToken);

        json.WriteEndObject();
        await sink.DrainAsync(0, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return new ExportCounts(authors, categories, tags, articles, pages, media, comments);
    }

    /// <summary>Writes <c>"name": [ … ]</c>, one batch at a time (keyset paging on the id), flushing to the stream as it fills.</summary>
    private static async Task<int> WriteArrayAsync<T>(Sink sink, string name, Func<int, Task<List<T>>> nextBatch, Func<T, int> id,
        CancellationToken cancellationToken)
    {
        var json = sink.Json;
        json.WriteStartArray(name);
        var count = 0;
        var last = 0;
        while (true)
        {
            var batch = await nextBatch(last);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var row in batch)
            {
                JsonSerializer.Serialize(json, row, Options);
                await sink.DrainAsync(FlushBytes, cancellationToken);
            }
            count += batch.Count;
            last = id(batch[^1]);
        }
        json.WriteEndArray();
        await sink.DrainAsync(FlushBytes, cancellationToken);
        return count;
    }

    private sealed record Sink(Utf8JsonWriter Json, ArrayBufferWriter<byte> Buffer, Stream Output)
    {
        /// <summary>Moves what the writer produced to the output once more than <paramref name="threshold"/> bytes are waiting.</summary>
        public async Task DrainAsync(int threshold, CancellationToken cancellationToken)
        {
            Json.Flush(); // into the buffer: no I/O
            if (Buffer.WrittenCount > threshold)
            {
                await Output.WriteAsync(Buffer.WrittenMemory, cancellationToken);
                Buffer.ResetWrittenCount();
            }
        }
    }
}
