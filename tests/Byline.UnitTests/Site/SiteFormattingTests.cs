using System.Globalization;
using Byline.Web.Features.Site;

namespace Byline.UnitTests.Site;

public sealed class SiteFormattingTests
{
    private static SiteContext Site(string zone, string culture) =>
        new(new SiteSettings { TimeZoneId = zone, Culture = culture }, TimeZoneInfo.FindSystemTimeZoneById(zone), CultureInfo.GetCultureInfo(culture));

    // 20:00 UTC on Friday is already Saturday in Bangkok (UTC+7).
    private static readonly DateTime Evening = new(2026, 11, 20, 20, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_date_line_is_today_in_the_sites_time_zone_and_culture()
    {
        Assert.Equal("Friday, November 20, 2026", Site("UTC", "en-US").DateLine(Evening));
        Assert.Equal("Saturday, November 21, 2026", Site("Asia/Bangkok", "en-US").DateLine(Evening));
        Assert.Equal("Samstag, 21. November 2026", Site("Asia/Bangkok", "de-DE").DateLine(Evening));
    }

    [Fact]
    public void Article_dates_drop_the_weekday()
    {
        Assert.Equal("November 20, 2026", Site("UTC", "en-US").Date(Evening));
        Assert.Equal("21. November 2026", Site("Asia/Bangkok", "de-DE").Date(Evening));
    }

    [Fact]
    public void Iso_dates_are_utc_with_a_z() => Assert.Equal("2026-11-20T20:00:00Z", SiteFormatting.Iso(Evening));
}
