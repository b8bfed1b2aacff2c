using System.Globalization;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;

namespace Byline.Web.Features.Articles;

/// <summary>Articles of one year (/2026) or month (/2026/11), by the UTC date their URLs use.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class DateArchiveModel(ArticleQueries articles, SiteSettingsProvider settings) : ArchivePageModel(articles, settings)
{
    private readonly SiteSettingsProvider _settings = settings;

    public string Heading { get; private set; } = "";
    public string Path { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int year, int? month, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        var from = new DateTime(year, month ?? 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var before = month is null ? from.AddYears(1) : from.AddMonths(1);
        if (await LoadArticlesAsync(new ArticleListFilter { From = from, Before = before }, pageText, cancellationToken) is { } error)
        {
            return error;
        }
        if (Articles.TotalCount == 0)
        {
            return NotFound();
        }
        var culture = (await _settings.GetAsync(cancellationToken)).Culture;
        var yearPath = string.Create(CultureInfo.InvariantCulture, $"/{year:D4}");
        Breadcrumbs = [new Crumb("Home", "/"), new Crumb(year.ToString(CultureInfo.InvariantCulture), yearPath)];
        if (month is int m)
        {
            Path = string.Create(CultureInfo.InvariantCulture, $"{yearPath}/{m:D2}");
            Heading = from.ToString(culture.DateTimeFormat.YearMonthPattern, culture);
            Breadcrumbs = [.. Breadcrumbs, new Crumb(culture.DateTimeFormat.GetMonthName(m), Path)];
        }
        else
        {
            Path = yearPath;
            Heading = year.ToString(CultureInfo.InvariantCulture);
        }
        return Page();
    }
}
