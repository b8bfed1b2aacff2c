using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Byline.Web.Features.Taxonomy;

public sealed record CategoryNode(int Id, string Slug, string Name, string? Description, int? ParentId, int Position)
{
    public string Url => $"/category/{Slug}";
}

/// <summary>All categories, in memory: the header navigation and every breadcrumb read from here, not the database.</summary>
public sealed class CategoryTree
{
    private readonly Dictionary<int, CategoryNode> _byId;
    private readonly Dictionary<string, CategoryNode> _bySlug;

    public CategoryTree(IReadOnlyList<CategoryNode> all)
    {
        All = all;
        _byId = all.ToDictionary(c => c.Id);
        _bySlug = all.ToDictionary(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        TopLevel = [.. all.Where(c => c.ParentId is null).OrderBy(c => c.Position).ThenBy(c => c.Name)];
    }

    public IReadOnlyList<CategoryNode> All { get; }
    public IReadOnlyList<CategoryNode> TopLevel { get; }

    public CategoryNode? Find(int id) => _byId.GetValueOrDefault(id);
    public CategoryNode? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The category and its ancestors, root first.</summary>
    public IReadOnlyList<CategoryNode> PathTo(int id)
    {
        var path = new List<CategoryNode>();
        for (var node = Find(id); node is not null && path.Count < 16; node = node.ParentId is int parent ? Find(parent) : null)
        {
            path.Insert(0, node);
        }
        return path;
    }

    public IReadOnlyList<CategoryNode> ChildrenOf(int id) =>
        [.. All.Where(c => c.ParentId == id).OrderBy(c => c.Position).ThenBy(c => c.Name)];

    /// <summary>The category and everything below it, for "articles in this category" queries.</summary>
    public IReadOnlyList<int> SelfAndDescendantIds(int id)
    {
        var ids = new List<int> { id };
        for (var i = 0; i < ids.Count && ids.Count < 1000; i++)
        {
            ids.AddRange(All.Where(c => c.ParentId == ids[i]).Select(c => c.Id));
        }
        return ids;
    }
}

public sealed class CategoryDirectory(IServiceScopeFactory scopes, IMemoryCache cache, CacheEviction eviction)
{
    private const string CacheKey = "byline:categories";

    public async ValueTask<CategoryTree> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out CategoryTree? tree) && tree is not null)
        {
            return tree;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var nodes = await db.Categories.AsNoTracking()
            .Select(c => new CategoryNode(c.Id, c.Slug, c.Name, c.Description, c.ParentId, c.Position))
            .ToListAsync(cancellationToken);
        tree = new CategoryTree(nodes);
        cache.Set(CacheKey, tree, TimeSpan.FromMinutes(5));
        return tree;
    }

    /// <summary>Drops the cached copy here and on every other node.</summary>
    public void Invalidate() => eviction.Evict(CacheKey);
}
