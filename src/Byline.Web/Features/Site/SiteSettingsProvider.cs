using System.Globalization;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Byline.Web.Features.Site;

/// <summary>Settings with their resolved time zone and culture.</summary>
public sealed record SiteContext(SiteSettings Settings, TimeZoneInfo TimeZone, CultureInfo Culture)
{
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);
}

/// <summary>Reads the settings row once and keeps it in memory until it changes.</summary>
public sealed class SiteSettingsProvider(IServiceScopeFactory scopes, IMemoryCache cache, CacheEviction eviction)
{
    private const string CacheKey = "byline:site-settings";

    public async ValueTask<SiteContext> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out SiteContext? context) && context is not null)
        {
            return context;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var settings = await db.SiteSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SiteSettings();
        context = new SiteContext(settings, ResolveTimeZone(settings.TimeZoneId), ResolveCulture(settings.Culture));
        cache.Set(CacheKey, context, TimeSpan.FromMinutes(5));
        return context;
    }

    /// <summary>Drops the cached copy here and on every other node.</summary>
    public void Invalidate() => eviction.Evict(CacheKey);

    private static TimeZoneInfo ResolveTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static CultureInfo ResolveCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en-US");
        }
    }
}

public static class SiteFormatting
{
    /// <summary>The header's date line, e.g. "Thursday, November 30, 2023" in en-US.</summary>
    public static string DateLine(this SiteContext site, DateTime utcNow) =>
        site.ToLocal(utcNow).ToString(site.Culture.DateTimeFormat.LongDatePattern, site.Culture);

    /// <summary>A date without the weekday, in the site's culture ("November 30, 2023").</summary>
    public static string Date(this SiteContext site, DateTime utc)
    {
        var pattern = site.Culture.DateTimeFormat.LongDatePattern
            .Replace("dddd, ", "", StringComparison.Ordinal)
            .Replace("dddd ", "", StringComparison.Ordinal)
            .Replace("dddd", "", StringComparison.Ordinal)
            .Trim(' ', ',');
        return site.ToLocal(utc).ToString(pattern, site.Culture);
    }

    public static string DateTime(this SiteContext site, DateTime utc)
    {
        var local = site.ToLocal(utc);
        return $"{site.Date(utc)}, {local.ToString(site.Culture.DateTimeFormat.ShortTimePattern, site.Culture)}";
    }

    /// <summary>ISO 8601 with offset for <c>&lt;time datetime&gt;</c> and JSON-LD.</summary>
    public static string Iso(DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
