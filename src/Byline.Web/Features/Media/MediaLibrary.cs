using System.Globalization;
using System.Security.Claims;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Media;

public enum MediaChange
{
    Done,
    NotFound,
    Forbidden,
}

/// <summary>
/// The media library: uploads, the list, edits and deletes. Pages parse and authorise the request; this class holds
/// the rules (who may change what, what is stored where) and records every change in the audit log.
/// </summary>
public sealed partial class MediaLibrary(
    BylineDbContext db,
    IMediaStorage storage,
    ImageProcessor processor,
    AuditLog audit,
    TimeProvider clock,
    IOptions<MediaOptions> options,
    ILogger<MediaLibrary> logger)
{
    public const int AltTextMaxLength = 500;
    public const int CaptionMaxLength = 1000;

    /// <summary>Page <paramref name="page"/> of the library, newest first; a page past the end comes back empty.</summary>
    public async Task<MediaPage> ListAsync(int page, CancellationToken cancellationToken = default)
    {
        var size = options.Value.PageSize;
        page = Math.Max(1, page);
        var total = await db.Media.CountAsync(cancellationToken);
        var rows = await Project(db.Media.AsNoTracking().OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id)
                .Skip((page - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return new MediaPage(rows.Select(ToImage).ToList(), page, Math.Max(1, (total + size - 1) / size), total);
    }

    public async Task<MediaImage?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        await Project(db.Media.AsNoTracking().Where(m => m.Id == id)).FirstOrDefaultAsync(cancellationToken) is { } row ? ToImage(row) : null;

    /// <summary>The library item behind a <c>/media/…</c> URL (the original or any copy of it), or null for other URLs.</summary>
    public async Task<MediaImage?> FindByUrlAsync(string? url, CancellationToken cancellationToken = default)
    {
        if (url is null || !url.StartsWith(MediaImage.UrlPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var key = url[MediaImage.UrlPrefix.Length..];
        var prefix = MediaKeys.ItemPrefix(key);
        if (prefix is null)
        {
            return null;
        }
        var row = await Project(db.Media.AsNoTracking().Where(m => m.StorageKey.StartsWith(prefix))).FirstOrDefaultAsync(cancellationToken);
        return row is not null && MediaKeys.AllOf(row.Item).Contains(key, StringComparer.Ordinal) ? ToImage(row) : null;
    }

    /// <summary>Whether <paramref name="user"/> may edit or delete the item: editors everything, authors their own uploads.</summary>
    public static bool CanChange(ClaimsPrincipal user, MediaImage item) =>
        user.CanManageContent() || (item.UploadedByUserId is { } owner && owner == user.UserId());

    /// <summary>
    /// Checks, processes and stores an upload. Throws <see cref="ImageRejectedException"/> (nothing stored) when the
    /// bytes are not an image Byline takes.
    /// </summary>
    public async Task<MediaImage> UploadAsync(ClaimsPrincipal user, Stream content, string fileName, string altText, string? caption,
        CancellationToken cancellationToken = default)
    {
        var processed = await processor.ProcessAsync(content, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var originalName = CleanFileName(fileName);
        var key = MediaKeys.New(now, originalName, processed.ContentType);
        var item = new MediaItem
        {
            StorageKey = key,
            OriginalFileName = originalName,
            ContentType = processed.ContentType,
            Width = processed.Width,
            Height = processed.Height,
            Length = processed.Original.LongLength,
            AltText = altText.Trim(),
            Caption = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim(),
            VariantWidths = string.Join(',', processed.VariantWidths.Select(w => w.ToString(CultureInfo.InvariantCulture))),
            UploadedAt = now,
            UploadedByUserId = user.UserId(),
        };

        // Files first, then the row: a failed save leaves no row pointing at missing files, and the files are removed.
        var written = new List<string>();
        try
        {
            await SaveAsync(key, processed.Original, written, cancellationToken);
            foreach (var copy in processed.Copies)
            {
                await SaveAsync(MediaKeys.Variant(key, copy.Width, copy.ContentType), copy.Bytes, written, cancellationToken);
            }
            db.Media.Add(item);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear();
            await DeleteFilesAsync(written);
            throw;
        }
        MediaUploaded(logger, item.Id, item.Width, item.Height, processed.Copies.Count);
        await audit.RecordAsync(user, "media.upload", Subject(item.Id, item.OriginalFileName),
            string.Create(CultureInfo.InvariantCulture, $"{item.Width}×{item.Height} {item.ContentType}, {item.Length} bytes"), cancellationToken);
        return (await FindAsync(item.Id, cancellationToken))!;
    }

    /// <summary>Changes the alt text and caption.</summary>
    public async Task<MediaChange> UpdateAsync(ClaimsPrincipal user, int id, string altText, string? caption, CancellationToken cancellationToken = default)
    {
        var item = await db.Media.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (item is null)
        {
            return MediaChange.NotFound;
        }
        if (!user.CanManageContent() && item.UploadedByUserId != user.UserId())
        {
            return MediaChange.Forbidden;
        }
        item.AltText = altText.Trim();
        item.Caption = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(user, "media.edit", Subject(item.Id, item.OriginalFileName), cancellationToken: cancellationToken);
        return MediaChange.Done;
    }

    /// <summary>Removes the row, then every stored copy. Articles that still link the image show a broken image.</summary>
    public async Task<MediaChange> DeleteAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken = default)
    {
        var item = await db.Media.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (item is null)
        {
            return MediaChange.NotFound;
        }
        if (!user.CanManageContent() && item.UploadedByUserId != user.UserId())
        {
            return MediaChange.Forbidden;
        }
        db.Media.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        // The row is gone, so the files are no longer served even if removing one of them fails below.
        await DeleteFilesAsync(MediaKeys.AllOf(item));
        await audit.RecordAsync(user, "media.delete", Subject(item.Id, item.OriginalFileName), cancellationToken: cancellationToken);
        return MediaChange.Done;
    }

    /// <summary>Whether <paramref name="key"/> is the original or a copy of a library item: the only keys the site serves.</summary>
    public async Task<bool> IsServedAsync(string key, CancellationToken cancellationToken = default)
    {
        var prefix = MediaKeys.ItemPrefix(key);
        if (prefix is null)
        {
            return false;
        }
        var item = await db.Media.AsNoTracking().Where(m => m.StorageKey.StartsWith(prefix))
            .Select(m => new MediaItem
            {
                StorageKey = m.StorageKey,
                OriginalFileName = "",
                ContentType = m.ContentType,
                VariantWidths = m.VariantWidths,
            })
            .FirstOrDefaultAsync(cancellationToken);
        return item is not null && MediaKeys.AllOf(item).Contains(key, StringComparer.Ordinal);
    }

    private async Task SaveAsync(string key, byte[] bytes, List<string> written, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        written.Add(key);
        await storage.SaveAsync(key, stream, cancellationToken);
    }

    private async Task DeleteFilesAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                // Not the request's token: a cancelled request must not leave half the files behind.
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                FileNotDeleted(logger, key, e);
            }
        }
    }

    private static string Subject(int id, string fileName) => $"media {id} “{fileName}”";

    /// <summary>The name as the browser sent it, without any folder part or control characters, at most 255 characters.</summary>
    internal static string CleanFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = new string(name[(name.LastIndexOf('/') + 1)..].Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "image";
        }
        return name.Length > 255 ? name[..255] : name;
    }

    private sealed record Row(MediaItem Item, string? UploadedBy);

    private IQueryable<Row> Project(IQueryable<MediaItem> items) =>
        items.Select(m => new Row(m, db.Users.Where(u => u.Id == m.UploadedByUserId).Select(u => u.Author.DisplayName).FirstOrDefault()));

    private static MediaImage ToImage(Row row)
    {
        var m = row.Item;
        return new MediaImage(m.Id, m.StorageKey, m.OriginalFileName, m.ContentType, m.Width, m.Height, m.Length, m.AltText, m.Caption,
            MediaKeys.Widths(m.VariantWidths), m.UploadedAt, m.UploadedByUserId, row.UploadedBy);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media {MediaId} uploaded: {Width}x{Height}, {Copies} copies")]
    private static partial void MediaUploaded(ILogger logger, int mediaId, int width, int height, int copies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete media file {Key}")]
    private static partial void FileNotDeleted(ILogger logger, string key, Exception exception);
}
