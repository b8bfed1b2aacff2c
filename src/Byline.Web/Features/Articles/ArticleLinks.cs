using System.Globalization;
using Byline.Web.Features.Taxonomy;

namespace Byline.Web.Features.Articles;

/// <summary>The article URL forms a site can choose (<see cref="Site.SiteSettings.PermalinkStructure"/>).</summary>
public enum PermalinkStructure
{
    /// <summary><c>/{year}/{month}/{slug}</c>, the default.</summary>
    YearMonth,

    /// <summary><c>/{year}/{month}/{day}/{slug}</c>, WordPress's "day and name".</summary>
    YearMonthDay,

    /// <summary><c>/{category}/{slug}</c>: the article's category's own slug (not its parents').</summary>
    Category,

    /// <summary><c>/{slug}</c>: a static page of the same slug wins (see docs/discovery.md).</summary>
    Slug,
}

public static class PermalinkStructures
{
    public const string Default = "/{year}/{month}/{slug}";

    /// <summary>Every supported structure as stored in the settings row, with a label for the settings form.</summary>
    public static readonly IReadOnlyList<(PermalinkStructure Structure, string Template, string Label)> All =
    [
        (PermalinkStructure.YearMonth, Default, "Year, month and name — /2026/11/harbour-plans"),
        (PermalinkStructure.YearMonthDay, "/{year}/{month}/{day}/{slug}", "Day and name — /2026/11/25/harbour-plans"),
        (PermalinkStructure.Category, "/{category}/{slug}", "Category and name — /local/harbour-plans"),
        (PermalinkStructure.Slug, "/{slug}", "Name only — /harbour-plans"),
    ];

    public static bool TryParse(string? template, out PermalinkStructure structure)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Template, template, StringComparison.Ordinal))
            {
                structure = entry.Structure;
                return true;
            }
        }
        structure = PermalinkStructure.YearMonth;
        return false;
    }

    /// <summary>The stored template's structure; anything unknown (a hand-edited row) means the default.</summary>
    public static PermalinkStructure Parse(string? template) => TryParse(template, out var structure) ? structure : PermalinkStructure.YearMonth;
}

/// <summary>
/// The one place that knows what an article URL looks like. Callers get a <see cref="PermalinkScheme"/>
/// (the site's current structure) from <see cref="Permalinks"/>; the static helpers here build and parse.
/// </summary>
public static class ArticleLinks
{
    /// <summary>The default structure's URL. Code that serves the site uses <see cref="Permalinks"/> instead.</summary>
    public static string Url(DateTime publishedAtUtc, string slug) => Url(PermalinkStructure.YearMonth, publishedAtUtc, slug, null);

    /// <summary>The default structure's comment link. Code that serves the site uses <see cref="PermalinkScheme.CommentUrl"/>.</summary>
    public static string CommentUrl(DateTime publishedAtUtc, string slug, int commentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Url(publishedAtUtc, slug)}#comment-{commentId}");

    public static string Url(PermalinkStructure structure, DateTime publishedAtUtc, string slug, string? categorySlug)
    {
        var name = Uri.EscapeDataString(slug);
        return structure switch
        {
            PermalinkStructure.YearMonthDay =>
                string.Create(CultureInfo.InvariantCulture, $"/{publishedAtUtc.Year:D4}/{publishedAtUtc.Month:D2}/{publishedAtUtc.Day:D2}/{name}"),
            // Without a known category the date form still resolves (and redirects to the canonical one).
            PermalinkStructure.Category when categorySlug is { Length: > 0 } => $"/{Uri.EscapeDataString(categorySlug)}/{name}",
            PermalinkStructure.Slug => "/" + name,
            _ => string.Create(CultureInfo.InvariantCulture, $"/{publishedAtUtc.Year:D4}/{publishedAtUtc.Month:D2}/{name}"),
        };
    }

    /// <summary>
    /// Every way <paramref name="path"/> can be read as an article URL of any supported structure
    /// (an old URL after a structure change): the slug, and what the rest of the path says about the article.
    /// Takes a request path as ASP.NET Core gives it (already unescaped).
    /// </summary>
    public static IEnumerable<PermalinkCandidate> Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            yield break;
        }
        switch (segments.Length)
        {
            case 1:
                yield return new PermalinkCandidate(PermalinkStructure.Slug, segments[0]);
                break;
            case 2:
                yield return new PermalinkCandidate(PermalinkStructure.Category, segments[1]) { Category = segments[0] };
                break;
            case 3 when Number(segments[0]) is int year && Number(segments[1]) is int month:
                yield return new PermalinkCandidate(PermalinkStructure.YearMonth, segments[2]) { Year = year, Month = month };
                break;
            case 4 when Number(segments[0]) is int year && Number(segments[1]) is int month && Number(segments[2]) is int day:
                yield return new PermalinkCandidate(PermalinkStructure.YearMonthDay, segments[3]) { Year = year, Month = month, Day = day };
                break;
        }
    }

    private static int? Number(string segment) =>
        segment.Length is > 0 and <= 4 && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>A reading of a path as one structure's article URL.</summary>
public sealed record PermalinkCandidate(PermalinkStructure Structure, string Slug)
{
    public int? Year { get; init; }
    public int? Month { get; init; }
    public int? Day { get; init; }
    public string? Category { get; init; }

    /// <summary>Whether the article published then, in that category, is the one this path named.</summary>
    public bool Fits(DateTime publishedAtUtc, string? categorySlug) =>
        (Year is null || Year == publishedAtUtc.Year)
        && (Month is null || Month == publishedAtUtc.Month)
        && (Day is null || Day == publishedAtUtc.Day)
        && (Category is null || string.Equals(Category, categorySlug, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The site's permalink structure at one moment, with the category slugs it may need.</summary>
public sealed class PermalinkScheme(PermalinkStructure structure, CategoryTree? categories)
{
    public static readonly PermalinkScheme Default = new(PermalinkStructure.YearMonth, null);

    public PermalinkStructure Structure => structure;

    public string Url(DateTime publishedAtUtc, string slug, int categoryId) =>
        ArticleLinks.Url(structure, publishedAtUtc, slug, CategorySlug(categoryId));

    public string CommentUrl(DateTime publishedAtUtc, string slug, int categoryId, int commentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Url(publishedAtUtc, slug, categoryId)}#comment-{commentId}");

    public string? CategorySlug(int categoryId) => categories?.Find(categoryId)?.Slug;

    /// <summary>Changes whenever any article URL would: for caches keyed on a version (the feeds).</summary>
    public string Fingerprint => structure == PermalinkStructure.Category && categories is not null
        ? "category:" + string.Join(',', categories.All.OrderBy(c => c.Id).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Id}={c.Slug}")))
        : structure.ToString();
}

/// <summary>Hands out the current <see cref="PermalinkScheme"/>: both parts come from in-memory caches, so this costs no query.</summary>
public sealed class Permalinks(Site.SiteSettingsProvider settings, CategoryDirectory categories)
{
    public async ValueTask<PermalinkScheme> GetAsync(CancellationToken cancellationToken = default)
    {
        var structure = PermalinkStructures.Parse((await settings.GetAsync(cancellationToken)).Settings.PermalinkStructure);
        return structure == PermalinkStructure.Category
            ? new PermalinkScheme(structure, await categories.GetAsync(cancellationToken))
            : structure == PermalinkStructure.YearMonth ? PermalinkScheme.Default : new PermalinkScheme(structure, null);
    }
}
