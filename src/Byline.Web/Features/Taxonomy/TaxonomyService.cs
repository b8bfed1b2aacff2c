using System.Security.Claims;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Taxonomy;

/// <summary>The outcome of a taxonomy change: done (with the row's id), or refused with a message for one field.</summary>
public sealed record TaxonomyResult(bool Succeeded, int Id, string? Field, string? Error)
{
    public static TaxonomyResult Ok(int id) => new(true, id, null, null);

    public static TaxonomyResult Fail(string field, string error) => new(false, 0, field, error);
}

/// <summary>What an editor types for a category or a tag. An empty slug is made from the name.</summary>
public sealed record TermInput(string? Name, string? Slug, string? Description = null, int? ParentId = null);

/// <summary>A category in tree order, with its depth and how many articles are filed directly under it.</summary>
public sealed record CategoryRow(int Id, string Name, string Slug, string? Description, int? ParentId, int Depth, int Articles, bool IsDefault)
{
    public string Url => $"/category/{Slug}";
}

public sealed record TagRow(int Id, string Name, string Slug, int Articles)
{
    public string Url => $"/tag/{Uri.EscapeDataString(Slug)}";
}

/// <summary>
/// Categories and tags: the rules (unique slugs, no cycles, a default category that always exists),
/// the set updates that move articles, the redirect rows for changed addresses, caches and the audit log.
/// </summary>
public sealed class TaxonomyService(
    BylineDbContext db, CategoryDirectory categories, SiteSettingsProvider settings, AuditLog audit, TimeProvider clock)
{
    public const int NameMaxLength = 100;
    public const int SlugMaxLength = 100;
    public const int DescriptionMaxLength = 1000;

    // ---- Categories -------------------------------------------------------------------------

    /// <summary>All categories as an indented tree (parents before children), with article counts.</summary>
    public async Task<IReadOnlyList<CategoryRow>> CategoryTreeAsync(CancellationToken cancellationToken)
    {
        var all = await db.Categories.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.Position })
            .ToListAsync(cancellationToken);
        var counts = await db.Articles.Where(a => a.Status != ArticleStatus.Trashed)
            .GroupBy(a => a.CategoryId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var defaultId = DefaultOf(all.Select(c => (c.Id, c.ParentId, c.Position, c.Name)), (await settings.GetAsync(cancellationToken)).Settings.DefaultCategoryId);
        var children = all.ToLookup(c => c.ParentId);
        var rows = new List<CategoryRow>(all.Count);
        var seen = new HashSet<int>();
        void Visit(int? parentId, int depth)
        {
            foreach (var c in children[parentId].OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase))
            {
                if (seen.Add(c.Id))
                {
                    rows.Add(new CategoryRow(c.Id, c.Name, c.Slug, c.Description, c.ParentId, depth, counts.GetValueOrDefault(c.Id), c.Id == defaultId));
                    Visit(c.Id, depth + 1);
                }
            }
        }
        Visit(null, 0);
        // Rows whose parent chain is broken (should not happen) still show, at the top level.
        rows.AddRange(all.Where(c => !seen.Contains(c.Id))
            .Select(c => new CategoryRow(c.Id, c.Name, c.Slug, c.Description, c.ParentId, 0, counts.GetValueOrDefault(c.Id), c.Id == defaultId)));
        return rows;
    }

    /// <summary>The category new articles start in and a deleted category's articles go to: the setting, else the first top-level category.</summary>
    public async Task<int?> DefaultCategoryIdAsync(CancellationToken cancellationToken)
    {
        var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.Position, c.Name }).ToListAsync(cancellationToken);
        return DefaultOf(all.Select(c => (c.Id, c.ParentId, c.Position, c.Name)), (await settings.GetAsync(cancellationToken)).Settings.DefaultCategoryId);
    }

    private static int? DefaultOf(IEnumerable<(int Id, int? ParentId, int Position, string Name)> all, int? configured)
    {
        var list = all.ToList();
        if (configured is int id && list.Any(c => c.Id == id))
        {
            return id;
        }
        return list.Where(c => c.ParentId is null).OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => (int?)c.Id).FirstOrDefault();
    }

    public async Task<TaxonomyResult> CreateCategoryAsync(ClaimsPrincipal user, TermInput input, CancellationToken cancellationToken)
    {
        if (Validate(input, "category") is { } invalid)
        {
            return invalid;
        }
        var slug = SlugOf(input);
        if (await db.Categories.AnyAsync(c => c.Slug == slug, cancellationToken))
        {
            return SlugTaken("category", slug);
        }
        if (input.ParentId is int parentId && !await db.Categories.AnyAsync(c => c.Id == parentId, cancellationToken))
        {
            return TaxonomyResult.Fail(nameof(TermInput.ParentId), "The chosen parent category no longer exists.");
        }
        var category = new Category
        {
            Name = input.Name!.Trim(),
            Slug = slug,
            Description = Clean(input.Description),
            ParentId = input.ParentId,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAddressAsync(CategoryPath(slug), cancellationToken);
        db.Categories.Add(category);
        if (!await TrySaveAsync(cancellationToken))
        {
            return SlugTaken("category", slug);
        }
        await transaction.CommitAsync(cancellationToken);
        categories.Invalidate();
        await audit.RecordAsync(user, "category.create", Describe("category", category.Id, category.Name), $"slug {slug}", cancellationToken);
        return TaxonomyResult.Ok(category.Id);
    }

    public async Task<TaxonomyResult> UpdateCategoryAsync(ClaimsPrincipal user, int id, TermInput input, CancellationToken cancellationToken)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TaxonomyResult.Fail("", "That category no longer exists.");
        }
        if (Validate(input, "category") is { } invalid)
        {
            return invalid;
        }
        var slug = SlugOf(input);
        if (await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != id, cancellationToken))
        {
            return SlugTaken("category", slug);
        }
        if (input.ParentId is int parentId)
        {
            var parents = await ParentMapAsync(cancellationToken);
            if (!parents.ContainsKey(parentId))
            {
                return TaxonomyResult.Fail(nameof(TermInput.ParentId), "The chosen parent category no longer exists.");
            }
            if (IsSelfOrBelow(parents, parentId, id))
            {
                var parentName = await db.Categories.Where(c => c.Id == parentId).Select(c => c.Name).SingleAsync(cancellationToken);
                return TaxonomyResult.Fail(nameof(TermInput.ParentId), parentId == id
                    ? "A category can't be its own parent."
                    : $"“{category.Name}” can't go under “{parentName}”: “{parentName}” is inside “{category.Name}”. Move “{parentName}” out first.");
            }
        }

        var changes = new List<string>();
        if (category.Name != input.Name!.Trim())
        {
            changes.Add($"name “{category.Name}” → “{input.Name.Trim()}”");
        }
        if (category.Slug != slug)
        {
            changes.Add($"slug {category.Slug} → {slug}");
        }
        if (category.ParentId != input.ParentId)
        {
            changes.Add($"parent {category.ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} → {input.ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        }
        if (category.Description != Clean(input.Description))
        {
            changes.Add("description");
        }
        if (changes.Count == 0)
        {
            return TaxonomyResult.Ok(id);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (category.Slug != slug)
        {
            await Redirects.MovePathAsync(db, CategoryPath(category.Slug), CategoryPath(slug), clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        category.Name = input.Name.Trim();
        category.Slug = slug;
        category.Description = Clean(input.Description);
        category.ParentId = input.ParentId;
        if (!await TrySaveAsync(cancellationToken))
        {
            return SlugTaken("category", slug);
        }
        await transaction.CommitAsync(cancellationToken);
        categories.Invalidate();
        await audit.RecordAsync(user, "category.update", Describe("category", id, category.Name), string.Join("; ", changes), cancellationToken);
        return TaxonomyResult.Ok(id);
    }

    /// <summary>Files the source's articles and subcategories under the target, sends its address there and removes it.</summary>
    public async Task<TaxonomyResult> MergeCategoryAsync(ClaimsPrincipal user, int sourceId, int? targetId, CancellationToken cancellationToken)
    {
        var source = await db.Categories.SingleOrDefaultAsync(c => c.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return TaxonomyResult.Fail("", "That category no longer exists.");
        }
        var target = targetId is int t ? await db.Categories.SingleOrDefaultAsync(c => c.Id == t, cancellationToken) : null;
        if (target is null)
        {
            return TaxonomyResult.Fail("MergeTargetId", "Choose the category to merge into.");
        }
        if (target.Id == source.Id)
        {
            return TaxonomyResult.Fail("MergeTargetId", "A category can't be merged into itself.");
        }
        if (IsSelfOrBelow(await ParentMapAsync(cancellationToken), target.Id, source.Id))
        {
            return TaxonomyResult.Fail("MergeTargetId", $"“{target.Name}” is inside “{source.Name}”. Move “{target.Name}” out first, then merge.");
        }
        var wasDefault = await DefaultCategoryIdAsync(cancellationToken) == source.Id;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Articles.Where(a => a.CategoryId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CategoryId, target.Id), cancellationToken);
        await db.Categories.Where(c => c.ParentId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, target.Id), cancellationToken);
        if (wasDefault)
        {
            await SetDefaultAsync(target.Id, cancellationToken);
        }
        await Redirects.MovePathAsync(db, CategoryPath(source.Slug), CategoryPath(target.Slug), clock.GetUtcNow().UtcDateTime, cancellationToken);
        db.Categories.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        categories.Invalidate();
        settings.Invalidate();
        await audit.RecordAsync(user, "category.merge", $"{Describe("category", source.Id, source.Name)} into {Describe("category", target.Id, target.Name)}",
            Plural(moved, "article") + " moved", cancellationToken);
        return TaxonomyResult.Ok(target.Id);
    }

    /// <summary>Deletes a category: its articles go to the default category, its subcategories move up a level.</summary>
    public async Task<TaxonomyResult> DeleteCategoryAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TaxonomyResult.Fail("", "That category no longer exists.");
        }
        var defaultId = await DefaultCategoryIdAsync(cancellationToken);
        if (defaultId == id || defaultId is null)
        {
            return TaxonomyResult.Fail("", $"“{category.Name}” is the default category and can't be deleted. Make another category the default first.");
        }
        var fallback = await db.Categories.Where(c => c.Id == defaultId).Select(c => c.Name).SingleAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Articles.Where(a => a.CategoryId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CategoryId, defaultId.Value), cancellationToken);
        await db.Categories.Where(c => c.ParentId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, category.ParentId), cancellationToken);
        await ForgetAddressAsync(CategoryPath(category.Slug), cancellationToken);
        db.Categories.Remove(category);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        categories.Invalidate();
        await audit.RecordAsync(user, "category.delete", Describe("category", id, category.Name),
            $"{Plural(moved, "article")} moved to “{fallback}”", cancellationToken);
        return TaxonomyResult.Ok(defaultId.Value);
    }

    public async Task<TaxonomyResult> MakeDefaultCategoryAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var name = await db.Categories.Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return TaxonomyResult.Fail("", "That category no longer exists.");
        }
        await SetDefaultAsync(id, cancellationToken);
        settings.Invalidate();
        await audit.RecordAsync(user, "category.default", Describe("category", id, name), null, cancellationToken);
        return TaxonomyResult.Ok(id);
    }

    private Task<int> SetDefaultAsync(int id, CancellationToken cancellationToken) =>
        db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.DefaultCategoryId, id), cancellationToken);

    private async Task<Dictionary<int, int?>> ParentMapAsync(CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="ancestor"/> or sits somewhere below it.</summary>
    private static bool IsSelfOrBelow(Dictionary<int, int?> parents, int candidate, int ancestor)
    {
        int? current = candidate;
        for (var steps = 0; current is int c && steps <= parents.Count; steps++)
        {
            if (c == ancestor)
            {
                return true;
            }
            current = parents.GetValueOrDefault(c);
        }
        return false;
    }

    // ---- Tags -------------------------------------------------------------------------------

    public const int TagsPerPage = 50;

    /// <summary>A page of tags by name, optionally those whose name or slug contains <paramref name="search"/>.</summary>
    public async Task<(IReadOnlyList<TagRow> Tags, int Total)> TagsAsync(string? search, int page, CancellationToken cancellationToken)
    {
        var query = db.Tags.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            // EF translates ToLower() for both providers; the StringComparison overloads it cannot.
#pragma warning disable CA1862
            query = query.Where(t => t.Name.ToLower().Contains(term) || t.Slug.Contains(term));
#pragma warning restore CA1862
        }
        var total = await query.CountAsync(cancellationToken);
        var tags = await query.OrderBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * TagsPerPage).Take(TagsPerPage)
            .Select(t => new TagRow(t.Id, t.Name, t.Slug, t.Articles.Count(a => a.Status != ArticleStatus.Trashed)))
            .ToListAsync(cancellationToken);
        return (tags, total);
    }

    public async Task<TaxonomyResult> CreateTagAsync(ClaimsPrincipal user, TermInput input, CancellationToken cancellationToken)
    {
        if (Validate(input, "tag") is { } invalid)
        {
            return invalid;
        }
        var slug = SlugOf(input);
        if (await db.Tags.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return SlugTaken("tag", slug);
        }
        var tag = new Tag { Name = input.Name!.Trim(), Slug = slug };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAddressAsync(TagPath(slug), cancellationToken);
        db.Tags.Add(tag);
        if (!await TrySaveAsync(cancellationToken))
        {
            return SlugTaken("tag", slug);
        }
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(user, "tag.create", Describe("tag", tag.Id, tag.Name), $"slug {slug}", cancellationToken);
        return TaxonomyResult.Ok(tag.Id);
    }

    public async Task<TaxonomyResult> UpdateTagAsync(ClaimsPrincipal user, int id, TermInput input, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null)
        {
            return TaxonomyResult.Fail("", "That tag no longer exists.");
        }
        if (Validate(input, "tag") is { } invalid)
        {
            return invalid;
        }
        var slug = SlugOf(input);
        if (await db.Tags.AnyAsync(t => t.Slug == slug && t.Id != id, cancellationToken))
        {
            return SlugTaken("tag", slug);
        }
        var changes = new List<string>();
        if (tag.Name != input.Name!.Trim())
        {
            changes.Add($"name “{tag.Name}” → “{input.Name.Trim()}”");
        }
        if (tag.Slug != slug)
        {
            changes.Add($"slug {tag.Slug} → {slug}");
        }
        if (changes.Count == 0)
        {
            return TaxonomyResult.Ok(id);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (tag.Slug != slug)
        {
            await Redirects.MovePathAsync(db, TagPath(tag.Slug), TagPath(slug), clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        tag.Name = input.Name.Trim();
        tag.Slug = slug;
        if (!await TrySaveAsync(cancellationToken))
        {
            return SlugTaken("tag", slug);
        }
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(user, "tag.update", Describe("tag", id, tag.Name), string.Join("; ", changes), cancellationToken);
        return TaxonomyResult.Ok(id);
    }

    /// <summary>Gives the source's articles the target tag (once), sends its address there and removes it.</summary>
    public async Task<TaxonomyResult> MergeTagAsync(ClaimsPrincipal user, int sourceId, int? targetId, CancellationToken cancellationToken)
    {
        var source = await db.Tags.Include(t => t.Articles).SingleOrDefaultAsync(t => t.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return TaxonomyResult.Fail("", "That tag no longer exists.");
        }
        var target = targetId is int id ? await db.Tags.Include(t => t.Articles).SingleOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (target is null)
        {
            return TaxonomyResult.Fail("MergeTargetId", "Choose the tag to merge into.");
        }
        if (target.Id == source.Id)
        {
            return TaxonomyResult.Fail("MergeTargetId", "A tag can't be merged into itself.");
        }
        var already = target.Articles.Select(a => a.Id).ToHashSet();
        var moving = source.Articles.Where(a => !already.Contains(a.Id)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        target.Articles.AddRange(moving);
        await Redirects.MovePathAsync(db, TagPath(source.Slug), TagPath(target.Slug), clock.GetUtcNow().UtcDateTime, cancellationToken);
        db.Tags.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(user, "tag.merge", $"{Describe("tag", source.Id, source.Name)} into {Describe("tag", target.Id, target.Name)}",
            $"{Plural(moving.Count, "article")} newly tagged", cancellationToken);
        return TaxonomyResult.Ok(target.Id);
    }

    /// <summary>Deletes a tag; articles lose it and stay as they are otherwise.</summary>
    public async Task<TaxonomyResult> DeleteTagAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.Include(t => t.Articles).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null)
        {
            return TaxonomyResult.Fail("", "That tag no longer exists.");
        }
        var count = tag.Articles.Count;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ForgetAddressAsync(TagPath(tag.Slug), cancellationToken);
        // Removing the tag removes its ArticleTags rows too (the join table cascades).
        db.Tags.Remove(tag);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(user, "tag.delete", Describe("tag", id, tag.Name), $"removed from {Plural(count, "article")}", cancellationToken);
        return TaxonomyResult.Ok(id);
    }

    // ---- Shared -----------------------------------------------------------------------------

    public static string CategoryPath(string slug) => $"/category/{slug}";

    public static string TagPath(string slug) => $"/tag/{slug}";

    private static TaxonomyResult? Validate(TermInput input, string kind)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return TaxonomyResult.Fail(nameof(TermInput.Name), $"Enter the {kind}'s name.");
        }
        if (input.Name.Trim().Length > NameMaxLength)
        {
            return TaxonomyResult.Fail(nameof(TermInput.Name), $"The name can be at most {NameMaxLength} characters.");
        }
        var slug = SlugOf(input);
        if (slug.Length == 0)
        {
            return TaxonomyResult.Fail(nameof(TermInput.Slug), "The slug needs at least one letter or digit.");
        }
        if (slug.Length > SlugMaxLength)
        {
            return TaxonomyResult.Fail(nameof(TermInput.Slug), $"The slug can be at most {SlugMaxLength} characters.");
        }
        if (input.Description?.Trim().Length > DescriptionMaxLength)
        {
            return TaxonomyResult.Fail(nameof(TermInput.Description), $"The description can be at most {DescriptionMaxLength} characters.");
        }
        return null;
    }

    /// <summary>The slug as typed, tidied the same way as one made from the name ("My Slug!" → "my-slug").</summary>
    public static string SlugOf(TermInput input) =>
        Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Name ?? "" : input.Slug);

    private static TaxonomyResult SlugTaken(string kind, string slug) =>
        TaxonomyResult.Fail(nameof(TermInput.Slug), $"Another {kind} already uses the slug “{slug}”. Choose a different one.");

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Describe(string kind, int id, string name) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind} {id} “{name}”");

    private static string Plural(int count, string noun) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Saves; false when a concurrent change took the slug first (the unique index said no).</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A live address wins over an old one: drop any redirect that would shadow it.</summary>
    private Task<int> ClaimAddressAsync(string path, CancellationToken cancellationToken)
    {
        var from = Redirect.NormalizePath(path);
        return db.Redirects.Where(r => r.FromPath == from).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Old addresses that led to a deleted category or tag would now lead to a 404: drop them.</summary>
    private Task<int> ForgetAddressAsync(string path, CancellationToken cancellationToken)
    {
        var to = Redirect.NormalizePath(path);
        return db.Redirects.Where(r => r.ToPath == to).ExecuteDeleteAsync(cancellationToken);
    }

}
