using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Media;
using Byline.Web.Features.Pages;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Import;

public sealed record ImportOptions(bool DryRun = false, string? MediaDirectory = null);

/// <summary>What an import did: counts per kind, what was skipped, and warnings naming the WordPress item ids.</summary>
public sealed class ImportSummary
{
    public int ItemsProcessed { get; set; }
    public SortedDictionary<string, int> Imported { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> AlreadyImported { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);
    public List<string> Warnings { get; } = [];
    public int Failed { get; set; }
    public string? Error { get; set; }
    public bool DryRun { get; set; }
    public string? Source { get; set; }

    public bool Succeeded => Error is null;

    internal static void Count(SortedDictionary<string, int> counts, string kind, int by = 1) =>
        counts[kind] = counts.GetValueOrDefault(kind) + by;

    public int ImportedOf(string kind) => Imported.GetValueOrDefault(kind);

    public IEnumerable<string> Lines()
    {
        yield return DryRun ? "Dry run: nothing was saved." : $"Imported from {Source}.";
        yield return $"Items processed: {ItemsProcessed}";
        yield return "Imported: " + Describe(Imported);
        yield return "Already imported (unchanged): " + Describe(AlreadyImported);
        yield return "Skipped: " + Describe(Skipped);
        if (Failed > 0)
        {
            yield return $"Failed: {Failed}";
        }
        yield return $"Warnings: {Warnings.Count}";
        foreach (var warning in Warnings)
        {
            yield return "  - " + warning;
        }
        if (Error is not null)
        {
            yield return "Error: " + Error;
        }
    }

    private static string Describe(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? "nothing" : string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
}

/// <summary>
/// Imports a WordPress export (WXR) into Byline: authors (profiles, no logins), categories, tags, posts,
/// pages, comments, and redirects from the old addresses. Each item is saved in its own transaction and
/// remembered in <see cref="ImportMapping"/>, so importing the same file again changes nothing and an
/// interrupted import completes when re-run.
/// </summary>
public sealed partial class WordPressImporter(BylineDbContext db, MarkdownRenderer markdown, CommentRenderer commentRenderer,
    TimeProvider clock, MediaLibrary mediaLibrary, CategoryDirectory categoryDirectory, PageDirectory pageDirectory, IEnumerable<ICommentChangeNotifier> notifiers,
    ILogger<WordPressImporter> logger, Permalinks permalinks)
{
    private const int MaxWarnings = 500;

    private readonly Dictionary<string, int> _authors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _categories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _tags = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _attachments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _newUrls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _uploads = new(StringComparer.OrdinalIgnoreCase);
    private PermalinkStructure? _structure;

    /// <summary>
    /// An imported article's URL in the site's permalink structure. Categories made by this import are
    /// not in the category cache yet, so the slug is read from the database.
    /// </summary>
    private async Task<string> ArticleUrlAsync(DateTime publishedAtUtc, string slug, int categoryId, CancellationToken cancellationToken)
    {
        _structure ??= (await permalinks.GetAsync(cancellationToken)).Structure;
        var categorySlug = _structure == PermalinkStructure.Category
            ? await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Slug).SingleOrDefaultAsync(cancellationToken)
            : null;
        return ArticleLinks.Url(_structure.Value, publishedAtUtc, slug, categorySlug);
    }
    private readonly HashSet<string> _siteHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _touchedArticles = [];
    private string _source = "wordpress";
    private int? _defaultCategoryId;
    private ImportSummary _summary = new();

    [GeneratedRegex(@"^(?:a:\d+:\{|O:\d+:""|s:\d+:""|i:-?\d+;|b:[01];|d:-?[\d.]+;|N;)", RegexOptions.CultureInvariant)]
    private static partial Regex SerializedPhp();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    public async Task<ImportSummary> ImportAsync(Stream stream, ImportOptions options, Action<ImportSummary>? progress, CancellationToken cancellationToken)
    {
        _summary = new ImportSummary { DryRun = options.DryRun };
        var channel = new WxrChannel();
        var headerSeen = false;
        var headerDone = false;
        // A dry run does the whole import inside one transaction and rolls it back.
        await using var dryRun = options.DryRun ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            foreach (var item in WxrReader.Read(stream, channel, () => headerSeen = true))
            {
                if (headerSeen && !headerDone)
                {
                    headerDone = true;
                    await ImportHeaderAsync(channel, cancellationToken);
                }
                _summary.ItemsProcessed++;
                await ImportItemAsync(item, options, cancellationToken);
                if (_summary.ItemsProcessed % 25 == 0)
                {
                    progress?.Invoke(_summary);
                }
            }
            if (!headerDone)
            {
                await ImportHeaderAsync(channel, cancellationToken);
            }
        }
        catch (XmlException e)
        {
            _summary.Error = e.LineNumber > 0
                ? $"The file is not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {StripPosition(e.Message)} Everything before that point was imported and stays consistent; fix the file and import it again to complete."
                : $"The file could not be read: {e.Message}";
            LogMalformed(logger, e.LineNumber);
        }
        finally
        {
            if (dryRun is not null)
            {
                await dryRun.RollbackAsync(CancellationToken.None);
            }
            db.ChangeTracker.Clear();
            if (!options.DryRun)
            {
                categoryDirectory.Invalidate();
                pageDirectory.Invalidate();
                foreach (var articleId in _touchedArticles)
                {
                    foreach (var notifier in notifiers)
                    {
                        notifier.CommentsChanged(articleId);
                    }
                }
            }
        }
        _summary.Source = _source;
        progress?.Invoke(_summary);
        return _summary;
    }

    private static string StripPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private void Warn(string warning)
    {
        if (_summary.Warnings.Count < MaxWarnings)
        {
            _summary.Warnings.Add(warning);
        }
        else if (_summary.Warnings.Count == MaxWarnings)
        {
            _summary.Warnings.Add("… more warnings were left out.");
        }
    }

    // ---------------------------------------------------------------- header: authors, categories, tags

    private async Task ImportHeaderAsync(WxrChannel channel, CancellationToken cancellationToken)
    {
        var site = channel.BaseSiteUrl ?? channel.BaseBlogUrl ?? channel.Link;
        _source = string.IsNullOrWhiteSpace(site) ? "wordpress" : site.Trim().TrimEnd('/').ToLowerInvariant();
        if (_source.Length > 300)
        {
            _source = _source[..300];
        }
        foreach (var url in new[] { channel.BaseSiteUrl, channel.BaseBlogUrl, channel.Link })
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                _siteHosts.Add(uri.Authority);
            }
        }
        var mappings = await db.ImportMappings.AsNoTracking().Where(m => m.Source == _source && (m.Kind == "author" || m.Kind == "category" || m.Kind == "tag"))
            .Select(m => new { m.Kind, m.ExternalId, m.LocalId }).ToListAsync(cancellationToken);
        foreach (var m in mappings)
        {
            (m.Kind == "author" ? _authors : m.Kind == "category" ? _categories : _tags)[m.ExternalId] = m.LocalId;
        }

        foreach (var author in channel.Authors)
        {
            if (_authors.ContainsKey(author.Login))
            {
                ImportSummary.Count(_summary.AlreadyImported, "authors");
                continue;
            }
            await EnsureAuthorAsync(author, cancellationToken);
        }

        // Parents first; a parent that never appears leaves its child at the top level.
        var pending = channel.Terms.Where(t => t.Kind == "category").ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.Parent is null || _categories.ContainsKey(t.Parent) || !pending.Any(p => p.Slug == t.Parent)).ToList();
            if (ready.Count == 0)
            {
                ready = [pending[0]]; // a cycle: break it
            }
            foreach (var term in ready)
            {
                pending.Remove(term);
                if (_categories.ContainsKey(term.Slug))
                {
                    ImportSummary.Count(_summary.AlreadyImported, "categories");
                    continue;
                }
                int? parentId = term.Parent is not null && _categories.TryGetValue(term.Parent, out var p) ? p : null;
                if (term.Parent is not null && parentId is null)
                {
                    Warn($"category {term.Slug}: its parent “{term.Parent}” is not in the file; imported at the top level");
                }
                await EnsureTermAsync(term, parentId, cancellationToken);
            }
        }
        foreach (var term in channel.Terms.Where(t => t.Kind == "tag"))
        {
            if (_tags.ContainsKey(term.Slug))
            {
                ImportSummary.Count(_summary.AlreadyImported, "tags");
                continue;
            }
            await EnsureTermAsync(term, null, cancellationToken);
        }
        categoryDirectory.Invalidate();
    }

    private async Task<int> EnsureAuthorAsync(WxrAuthor source, CancellationToken cancellationToken)
    {
        var email = source.Email?.Trim().ToLowerInvariant();
        var authorId = 0;
        await InTransactionAsync($"author {source.Login}", async () =>
        {
            // Few authors: compared here, case-insensitively, whatever the provider's collation.
            var existing = email is null ? null : (await db.Authors.AsNoTracking().Where(a => a.Email != null)
                .Select(a => new { a.Id, a.Slug, a.Email }).ToListAsync(cancellationToken))
                .FirstOrDefault(a => string.Equals(a.Email!.Trim(), email, StringComparison.OrdinalIgnoreCase));
            string slug;
            if (existing is not null)
            {
                authorId = existing.Id;
                slug = existing.Slug;
                ImportSummary.Count(_summary.Imported, "authors matched to existing profiles");
            }
            else
            {
                slug = await Slugs.UniqueAsync(Truncate(Slugs.From(source.Login) is { Length: > 0 } s ? s : "author", 90),
                    candidate => db.Authors.AnyAsync(a => a.Slug == candidate, cancellationToken));
                var author = new Author { Slug = slug, DisplayName = Truncate(source.DisplayName, 100), Email = email is { Length: <= 254 } ? email : null };
                db.Authors.Add(author);
                await db.SaveChangesAsync(cancellationToken);
                authorId = author.Id;
                ImportSummary.Count(_summary.Imported, "authors");
            }
            await AddRedirectAsync("/author/" + source.Login, null, null, "/author/" + slug, cancellationToken);
            AddMapping("author", source.Login, authorId);
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        if (authorId != 0)
        {
            _authors[source.Login] = authorId;
        }
        return authorId;
    }

    private async Task<int> EnsureTermAsync(WxrTerm term, int? parentId, CancellationToken cancellationToken)
    {
        var slug = Truncate(DecodeSlug(term.Slug), 100);
        var localId = 0;
        var isCategory = term.Kind == "category";
        await InTransactionAsync($"{term.Kind} {term.Slug}", async () =>
        {
            if (isCategory)
            {
                var existing = await db.Categories.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
                if (existing is int id)
                {
                    localId = id;
                    ImportSummary.Count(_summary.Imported, "categories matched to existing ones");
                }
                else
                {
                    var category = new Category { Slug = slug, Name = Truncate(WebUtility.HtmlDecode(term.Name), 100), Description = term.Description is null ? null : Truncate(WebUtility.HtmlDecode(term.Description), 1000), ParentId = parentId };
                    db.Categories.Add(category);
                    await db.SaveChangesAsync(cancellationToken);
                    localId = category.Id;
                    ImportSummary.Count(_summary.Imported, "categories");
                }
                // WordPress nests category addresses: /category/parent/child/.
                var path = "/category/" + (term.Parent is not null && parentId is not null ? DecodeSlug(term.Parent) + "/" : "") + DecodeSlug(term.Slug);
                await AddRedirectAsync(path, null, null, "/category/" + slug, cancellationToken);
            }
            else
            {
                var existing = await db.Tags.Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
                if (existing is int id)
                {
                    localId = id;
                    ImportSummary.Count(_summary.Imported, "tags matched to existing ones");
                }
                else
                {
                    var tag = new Tag { Slug = slug, Name = Truncate(WebUtility.HtmlDecode(term.Name), 100) };
                    db.Tags.Add(tag);
                    await db.SaveChangesAsync(cancellationToken);
                    localId = tag.Id;
                    ImportSummary.Count(_summary.Imported, "tags");
                }
                await AddRedirectAsync("/tag/" + DecodeSlug(term.Slug), null, null, "/tag/" + slug, cancellationToken);
            }
            AddMapping(term.Kind, term.Slug, localId);
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        if (localId != 0)
        {
            (isCategory ? _categories : _tags)[term.Slug] = localId;
        }
        return localId;
    }

    private static string DecodeSlug(string slug)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(slug);
        }
        catch (UriFormatException)
        {
            decoded = slug;
        }
        var clean = Slugs.From(decoded);
        return clean.Length > 0 ? clean : "term";
    }

    private async Task<int> DefaultCategoryAsync(CancellationToken cancellationToken)
    {
        if (_defaultCategoryId is int known)
        {
            return known;
        }
        if (_categories.TryGetValue("uncategorized", out var mapped))
        {
            return (_defaultCategoryId = mapped).Value;
        }
        var existing = await db.Categories.Where(c => c.Slug == "uncategorized").Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            var category = new Category { Slug = "uncategorized", Name = "Uncategorized" };
            db.Categories.Add(category);
            await db.SaveChangesAsync(cancellationToken);
            existing = category.Id;
            ImportSummary.Count(_summary.Imported, "categories");
        }
        return (_defaultCategoryId = existing).Value;
    }

    // ---------------------------------------------------------------- items

    private async Task ImportItemAsync(WxrItem item, ImportOptions options, CancellationToken cancellationToken)
    {
        switch (item.PostType)
        {
            case "attachment":
                if (item.AttachmentUrl is { } url)
                {
                    _attachments[item.Id] = url;
                    if (options.MediaDirectory is { } dir && item.Id.Length > 0)
                    {
                        await ImportAttachmentAsync(item, url, dir, options.DryRun, cancellationToken);
                        return;
                    }
                }
                ImportSummary.Count(_summary.Imported, "attachments (kept as remote URLs)");
                return;
            case "post" or "page":
                break;
            default:
                ImportSummary.Count(_summary.Skipped, item.PostType);
                return;
        }
        if (item.Id.Length == 0)
        {
            Warn($"an item without wp:post_id (“{item.Title}”, line {item.LineNumber}) was skipped");
            ImportSummary.Count(_summary.Skipped, "items without an id");
            return;
        }
        var kind = item.PostType;
        if (await db.ImportMappings.AnyAsync(m => m.Source == _source && m.Kind == kind && m.ExternalId == item.Id, cancellationToken))
        {
            ImportSummary.Count(_summary.AlreadyImported, kind + "s");
            return;
        }
        var warnings = new List<string>();
        if (item.Meta.Any(m => SerializedPhp().IsMatch(m.Value)))
        {
            warnings.Add("serialized PHP metadata was ignored");
        }
        var ok = await InTransactionAsync($"{kind} {item.Id}", () => kind == "post"
            ? ImportPostAsync(item, warnings, cancellationToken)
            : ImportPageAsync(item, warnings, cancellationToken), cancellationToken);
        db.ChangeTracker.Clear();
        foreach (var warning in warnings)
        {
            Warn($"{kind} {item.Id} (“{Truncate(item.Title, 60)}”): {warning}");
        }
        if (!ok)
        {
            _newUrls.Remove(OldPath(item.Link) ?? "");
        }
    }

    private async Task ImportPostAsync(WxrItem item, List<string> warnings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var date = item.DateGmt ?? item.DateLocal ?? now;
        var status = MapStatus(item.Status, warnings);
        if (item.Password is not null)
        {
            warnings.Add("was password-protected; imported as a draft (Byline has no post passwords)");
            status = ArticleStatus.Draft;
        }
        ArticleStatus? beforeTrash = null;
        if (status == ArticleStatus.Trashed)
        {
            var previous = item.Meta.FirstOrDefault(m => m.Key == "_wp_trash_meta_status").Value;
            beforeTrash = MapStatus(previous ?? "draft", []);
            beforeTrash = beforeTrash == ArticleStatus.Trashed ? ArticleStatus.Draft : beforeTrash;
        }
        var authorId = await AuthorForAsync(item.Creator, cancellationToken);
        int? categoryId = null;
        var tagIds = new List<int>();
        foreach (var (domain, termSlug, name) in item.Terms)
        {
            var key = termSlug.Length > 0 ? termSlug : Slugs.From(name);
            if (key.Length == 0)
            {
                continue;
            }
            if (domain == "category")
            {
                var id = _categories.TryGetValue(key, out var c) ? c : await EnsureTermAsync(new WxrTerm("category", key, name, null, null), null, cancellationToken);
                categoryId ??= id == 0 ? null : id;
            }
            else if (domain == "post_tag")
            {
                var id = _tags.TryGetValue(key, out var t) ? t : await EnsureTermAsync(new WxrTerm("tag", key, name, null, null), null, cancellationToken);
                if (id != 0 && !tagIds.Contains(id))
                {
                    tagIds.Add(id);
                }
            }
        }
        categoryId ??= await DefaultCategoryAsync(cancellationToken);
        var slug = await Slugs.UniqueAsync(Truncate(SlugFor(item), 180), candidate => db.Articles.AnyAsync(a => a.Slug == candidate, cancellationToken));
        var body = RewriteUploads(WordPressContent.Convert(SourceOf(item), _attachments, ResolveLink, warnings));
        var tags = tagIds.Count == 0 ? [] : await db.Tags.Where(t => tagIds.Contains(t.Id)).ToListAsync(cancellationToken);
        var featured = item.Meta.FirstOrDefault(m => m.Key == "_thumbnail_id").Value is { } thumb && _attachments.TryGetValue(thumb.Trim(), out var image) ? image : null;
        var article = new Article
        {
            Slug = slug,
            Title = TitleFor(item, warnings),
            Excerpt = item.Excerpt is null ? null : Truncate(WebUtility.HtmlDecode(Tags().Replace(item.Excerpt, "")).Trim(), 1000) is { Length: > 0 } e ? e : null,
            BodyMarkdown = body,
            BodyHtml = markdown.ToHtml(body),
            Status = status,
            StatusBeforeTrash = beforeTrash,
            CreatedAt = date,
            UpdatedAt = now,
            PublishedAt = status is ArticleStatus.Published or ArticleStatus.Scheduled || beforeTrash is ArticleStatus.Published ? date : null,
            CommentsOpen = item.CommentStatus == "open",
            IsSticky = item.Sticky,
            FeaturedImageUrl = featured is { Length: <= 1000 } ? featured : null,
            AuthorId = authorId,
            CategoryId = categoryId.Value,
            Tags = tags,
            Version = 1,
        };
        db.Articles.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        AddMapping("post", item.Id, article.Id);
        if (OldPath(item.Link) is { } oldPath)
        {
            await AddRedirectAsync(oldPath, article.Id, null, null, cancellationToken);
            if (article.PublishedAt is { } published && status == ArticleStatus.Published)
            {
                _newUrls[oldPath] = await ArticleUrlAsync(published, slug, article.CategoryId, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await ImportCommentsAsync(item, article.Id, cancellationToken);
        ImportSummary.Count(_summary.Imported, "posts");
        _touchedArticles.Add(article.Id);
    }

    private async Task ImportPageAsync(WxrItem item, List<string> warnings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var status = item.Status switch
        {
            "publish" => StaticPageStatus.Published,
            "trash" => StaticPageStatus.Trashed,
            _ => StaticPageStatus.Draft,
        };
        if (item.Status is "private" or "future" or "pending" || item.Password is not null)
        {
            warnings.Add($"was {(item.Password is not null ? "password-protected" : item.Status)}; imported as a draft page");
            status = item.Status == "trash" ? status : StaticPageStatus.Draft;
        }
        var baseSlug = Truncate(SlugFor(item), 180);
        if (StaticPageEditor.ReservedSlugs.Contains(baseSlug))
        {
            baseSlug += "-page";
        }
        var slug = await Slugs.UniqueAsync(baseSlug, candidate => db.StaticPages.AnyAsync(p => p.Slug == candidate, cancellationToken));
        var body = RewriteUploads(WordPressContent.Convert(SourceOf(item), _attachments, ResolveLink, warnings));
        var page = new StaticPage
        {
            Slug = slug,
            Title = TitleFor(item, warnings),
            BodyMarkdown = body,
            BodyHtml = markdown.ToHtml(body),
            Status = status,
            MenuOrder = item.MenuOrder,
            ShowInFooter = false,
            CreatedAt = item.DateGmt ?? item.DateLocal ?? now,
            UpdatedAt = now,
            Version = 1,
        };
        db.StaticPages.Add(page);
        await db.SaveChangesAsync(cancellationToken);
        AddMapping("page", item.Id, page.Id);
        if (OldPath(item.Link) is { } oldPath)
        {
            await AddRedirectAsync(oldPath, null, page.Id, null, cancellationToken);
            if (status == StaticPageStatus.Published)
            {
                _newUrls[oldPath] = "/" + Uri.EscapeDataString(slug);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        if (item.Comments.Count > 0)
        {
            warnings.Add($"{item.Comments.Count} comment(s) on a page were skipped (Byline pages have no comments)");
            ImportSummary.Count(_summary.Skipped, "comments on pages", item.Comments.Count);
        }
        ImportSummary.Count(_summary.Imported, "pages");
    }

    private async Task ImportCommentsAsync(WxrItem item, int articleId, CancellationToken cancellationToken)
    {
        // Parents before children, level by level, so threads of any depth keep their shape.
        var localIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = item.Comments.ToList();
        while (pending.Count > 0)
        {
            var level = pending.Where(c => c.Parent is null || localIds.ContainsKey(c.Parent) || !pending.Any(p => p.Id == c.Parent)).ToList();
            if (level.Count == 0)
            {
                level = [pending[0]];
            }
            var added = new List<(WxrComment Source, Comment Row)>();
            foreach (var source in level)
            {
                pending.Remove(source);
                var body = Truncate(source.Content.Trim(), CommentLimits.BodyMaxLength);
                var isPing = source.Type is "pingback" or "trackback";
                var comment = new Comment
                {
                    ArticleId = articleId,
                    ParentId = source.Parent is not null && localIds.TryGetValue(source.Parent, out var parent) ? parent : null,
                    AuthorName = Truncate(source.Author.Length > 0 ? WebUtility.HtmlDecode(source.Author) : "Anonymous", CommentLimits.NameMaxLength),
                    AuthorEmail = source.Email is { } email && email.Length <= CommentLimits.EmailMaxLength ? email.ToLowerInvariant() : "",
                    AuthorUrl = source.Url is { } url && url.Length <= CommentLimits.UrlMaxLength && Uri.TryCreate(url, UriKind.Absolute, out var u)
                        && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? url : null,
                    Body = body,
                    BodyHash = CommentBodyHash.Of(body),
                    BodyHtml = commentRenderer.ToHtml(body),
                    Status = source.Approved switch
                    {
                        "1" or "approve" => CommentStatus.Approved,
                        "spam" => CommentStatus.Spam,
                        "trash" or "post-trashed" => CommentStatus.Trash,
                        _ => CommentStatus.Pending,
                    },
                    CreatedAt = source.DateGmt ?? item.DateGmt ?? clock.GetUtcNow().UtcDateTime,
                    IpAddress = source.Ip is { Length: <= 64 } ip ? ip : null,
                    ModerationReason = isPing ? "pingback" : "imported from WordPress",
                };
                db.Comments.Add(comment);
                added.Add((source, comment));
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (source, row) in added)
            {
                if (source.Id.Length > 0)
                {
                    localIds[source.Id] = row.Id;
                }
            }
            ImportSummary.Count(_summary.Imported, "comments", added.Count);
        }
    }

    // ---------------------------------------------------------------- attachments from --media-dir

    /// <summary>
    /// An attachment whose file is in the media folder goes into the media library through the usual pipeline
    /// (type sniffing, resizing, metadata stripped); its URL (and the URLs of WordPress's resized copies of it) in
    /// later content, galleries and featured images then point at the library copy. Remembered as kind
    /// "attachment", so a re-run does not copy it again. A missing or unreadable file: a warning, the remote URL stays.
    /// </summary>
    private async Task ImportAttachmentAsync(WxrItem item, string url, string directory, bool dryRun, CancellationToken cancellationToken)
    {
        var uploadPath = UploadPath(url);
        var mapped = await db.ImportMappings.AsNoTracking().Where(m => m.Source == _source && m.Kind == "attachment" && m.ExternalId == item.Id)
            .Select(m => (int?)m.LocalId).FirstOrDefaultAsync(cancellationToken);
        if (mapped is int mediaId && await mediaLibrary.FindAsync(mediaId, cancellationToken) is { } known)
        {
            RememberUpload(item.Id, uploadPath, known.Url);
            ImportSummary.Count(_summary.AlreadyImported, "attachments");
            return;
        }
        var file = LocateUpload(directory, url, uploadPath);
        if (file is null)
        {
            Warn($"attachment {item.Id}: {uploadPath ?? url} is not in the media folder; the remote URL is kept");
            ImportSummary.Count(_summary.Imported, "attachments (kept as remote URLs)");
            return;
        }
        if (dryRun)
        {
            ImportSummary.Count(_summary.Imported, "attachments (copied into the media library)");
            return;
        }
        var alt = item.Meta.FirstOrDefault(m => m.Key == "_wp_attachment_image_alt").Value?.Trim() ?? "";
        try
        {
            MediaImage? image = null;
            var ok = await InTransactionAsync($"attachment {item.Id}", async () =>
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
                image = await mediaLibrary.UploadAsync(ImportingUser, stream, Path.GetFileName(file), Truncate(alt, MediaLibrary.AltTextMaxLength),
                    item.Excerpt is { } caption ? Truncate(WebUtility.HtmlDecode(Tags().Replace(caption, "")).Trim(), MediaLibrary.CaptionMaxLength) : null, cancellationToken);
                AddMapping("attachment", item.Id, image.Id);
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
            if (ok && image is not null)
            {
                RememberUpload(item.Id, uploadPath, image.Url);
                ImportSummary.Count(_summary.Imported, "attachments (copied into the media library)");
            }
        }
        catch (ImageRejectedException e)
        {
            Warn($"attachment {item.Id}: {Path.GetFileName(file)} was not taken by the media library ({e.Message}); the remote URL is kept");
            ImportSummary.Count(_summary.Imported, "attachments (kept as remote URLs)");
        }
    }

    /// <summary>Who the media library records as the uploader: nobody (the import is audited as a whole).</summary>
    private static readonly System.Security.Claims.ClaimsPrincipal ImportingUser = new(new System.Security.Claims.ClaimsIdentity());

    private void RememberUpload(string attachmentId, string? uploadPath, string libraryUrl)
    {
        _attachments[attachmentId] = libraryUrl;
        if (uploadPath is not null)
        {
            _uploads[uploadPath] = libraryUrl;
        }
    }

    /// <summary>The part of an upload URL after <c>/wp-content/uploads/</c> (e.g. <c>2019/05/photo.jpg</c>), or null.</summary>
    private static string? UploadPath(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', '#')[0];
        var at = path.IndexOf(UploadsSegment, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }
        try
        {
            return Uri.UnescapeDataString(path[(at + UploadsSegment.Length)..]);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    private const string UploadsSegment = "/wp-content/uploads/";

    /// <summary>
    /// The file for an upload URL under the media folder: <c>DIR/2019/05/photo.jpg</c> (the folder is the uploads folder),
    /// <c>DIR/wp-content/uploads/2019/05/photo.jpg</c>, or <c>DIR/photo.jpg</c>. Never outside the folder.
    /// </summary>
    private static string? LocateUpload(string directory, string url, string? uploadPath)
    {
        var root = Path.GetFullPath(directory);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        var name = Path.GetFileName(uploadPath ?? (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url));
        var candidates = new List<string>();
        if (uploadPath is not null)
        {
            candidates.Add(Path.Combine(root, uploadPath));
            candidates.Add(Path.Combine(root, "wp-content", "uploads", uploadPath));
        }
        if (name.Length > 0)
        {
            candidates.Add(Path.Combine(root, name));
        }
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            if (full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && File.Exists(full))
            {
                return full;
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?:https?:)?//[^\s""'()<>]+?/wp-content/uploads/(?<path>[^\s""'()<>?#]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UploadUrl();

    [GeneratedRegex(@"-\d+x\d+(?=\.[A-Za-z0-9]+$)", RegexOptions.CultureInvariant)]
    private static partial Regex SizeSuffix();

    /// <summary>Upload URLs of the old site whose attachment is now in the media library point at the library copy (resized copies too).</summary>
    private string RewriteUploads(string body)
    {
        if (_uploads.Count == 0)
        {
            return body;
        }
        return UploadUrl().Replace(body, m =>
        {
            string path;
            try
            {
                path = Uri.UnescapeDataString(m.Groups["path"].Value);
            }
            catch (UriFormatException)
            {
                return m.Value;
            }
            return _uploads.TryGetValue(path, out var local) || _uploads.TryGetValue(SizeSuffix().Replace(path, ""), out local) ? local : m.Value;
        });
    }

    // ---------------------------------------------------------------- helpers

    private async Task<int> AuthorForAsync(string? login, CancellationToken cancellationToken)
    {
        login = string.IsNullOrWhiteSpace(login) ? "wordpress" : login.Trim();
        if (_authors.TryGetValue(login, out var id))
        {
            return id;
        }
        // WXR 1.0 has no author list: the creator's login is all there is.
        var created = await EnsureAuthorAsync(new WxrAuthor(login, null, login), cancellationToken);
        return created != 0 ? created : throw new InvalidOperationException($"The author {login} could not be created.");
    }

    private static ArticleStatus MapStatus(string? status, List<string> warnings)
    {
        switch (status)
        {
            case "publish": return ArticleStatus.Published;
            case "draft" or "auto-draft" or "inherit": return ArticleStatus.Draft;
            case "pending": return ArticleStatus.PendingReview;
            case "future": return ArticleStatus.Scheduled;
            case "trash": return ArticleStatus.Trashed;
            case "private":
                warnings.Add("was private; imported as a draft");
                return ArticleStatus.Draft;
            case null:
                warnings.Add("had no status; imported as a draft");
                return ArticleStatus.Draft;
            default:
                warnings.Add($"had the unknown status “{status}”; imported as a draft");
                return ArticleStatus.Draft;
        }
    }

    /// <summary>
    /// The body to import: a Byline export carries the Markdown source next to the rendered HTML
    /// (postmeta <c>_byline_markdown</c>), which keeps a Byline → Byline move exact; anything else imports the HTML.
    /// Either way it goes through the same pipeline (Markdown, then the sanitizer).
    /// </summary>
    private static string SourceOf(WxrItem item) =>
        item.Meta.FirstOrDefault(m => m.Key == Export.WordPressExporter.MarkdownMetaKey) is { Key: not null, Value: { Length: > 0 } markdown } ? markdown : item.Content;

    private static string TitleFor(WxrItem item, List<string> warnings)
    {
        var title = WebUtility.HtmlDecode(item.Title).Trim();
        if (title.Length == 0)
        {
            warnings.Add("had no title");
            return "Untitled";
        }
        return Truncate(title, 300);
    }

    private static string SlugFor(WxrItem item)
    {
        var fromName = item.PostName is null ? "" : DecodeSlugOrEmpty(item.PostName);
        if (fromName.Length > 0)
        {
            return fromName;
        }
        var fromTitle = Slugs.From(WebUtility.HtmlDecode(item.Title));
        return fromTitle.Length > 0 ? fromTitle : $"{item.PostType}-{item.Id}";
    }

    private static string DecodeSlugOrEmpty(string slug)
    {
        try
        {
            return Slugs.From(Uri.UnescapeDataString(slug));
        }
        catch (UriFormatException)
        {
            return Slugs.From(slug);
        }
    }

    /// <summary>The local path of an old link (<c>/2019/05/slug</c>), or null for the front page and query-only links like <c>/?p=1</c>.</summary>
    private static string? OldPath(string? link)
    {
        if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var path = Redirect.NormalizePath(Uri.UnescapeDataString(uri.AbsolutePath));
        return path.Length > 1 && path.Length <= 500 ? path : null;
    }

    /// <summary>A link to the old site becomes local: the new address when known, else the old path (redirected once imported).</summary>
    private string? ResolveLink(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !_siteHosts.Contains(uri.Authority)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }
        if (uri.AbsolutePath.StartsWith("/wp-content/", StringComparison.OrdinalIgnoreCase))
        {
            return null; // files stay where they are
        }
        var path = Redirect.NormalizePath(Uri.UnescapeDataString(uri.AbsolutePath));
        if (_newUrls.TryGetValue(path, out var known))
        {
            return known + uri.Fragment;
        }
        return uri.PathAndQuery + uri.Fragment;
    }

    private async Task AddRedirectAsync(string fromPath, int? articleId, int? pageId, string? toPath, CancellationToken cancellationToken)
    {
        var from = Redirect.NormalizePath(fromPath);
        if (from.Length <= 1 || from.Length > 500 || (toPath is not null && Redirect.NormalizePath(toPath) == from)
            || db.Redirects.Local.Any(r => r.FromPath == from)
            || await db.Redirects.AnyAsync(r => r.FromPath == from, cancellationToken))
        {
            return;
        }
        db.Redirects.Add(new Redirect { FromPath = from, ArticleId = articleId, StaticPageId = pageId, ToPath = toPath, CreatedAt = clock.GetUtcNow().UtcDateTime });
        ImportSummary.Count(_summary.Imported, "redirects");
    }

    private void AddMapping(string kind, string externalId, int localId) =>
        db.ImportMappings.Add(new ImportMapping
        {
            Source = _source,
            Kind = kind,
            ExternalId = Truncate(externalId, 200),
            LocalId = localId,
            ImportedAt = clock.GetUtcNow().UtcDateTime,
        });

    private async Task<bool> InTransactionAsync(string what, Func<Task> work, CancellationToken cancellationToken)
    {
        // Inside a dry run, the outer transaction is the one that matters.
        if (db.Database.CurrentTransaction is not null)
        {
            try
            {
                await work();
                return true;
            }
            catch (DbUpdateException e)
            {
                Fail(what, e);
                return false;
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await work();
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            Fail(what, e);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private void Fail(string what, DbUpdateException e)
    {
        _summary.Failed++;
        Warn($"{what} could not be imported: {(e.InnerException ?? e).Message}");
        LogItemFailed(logger, what, e);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "WordPress import: the file is not well-formed (line {Line}).")]
    private static partial void LogMalformed(ILogger logger, int line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WordPress import: {What} could not be imported.")]
    private static partial void LogItemFailed(ILogger logger, string what, Exception exception);
}
