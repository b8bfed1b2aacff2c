namespace Byline.Web.Features.Site;

/// <summary>Owner-editable site settings: one row, cached in memory by <see cref="SiteSettingsProvider"/>.</summary>
public sealed class SiteSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string Title { get; set; } = "Byline";
    public string Tagline { get; set; } = "News and analysis";

    /// <summary>IANA time zone id used for the date line and article dates.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Culture name for dates and numbers, e.g. "en-US".</summary>
    public string Culture { get; set; } = "en-US";
    public int PostsPerPage { get; set; } = 10;

    /// <summary>Most Popular window in days: 1, 7 or 30; 0 means all time.</summary>
    public int PopularWindowDays { get; set; } = 7;
    public int PopularCount { get; set; } = 5;
    public int RecentCommentsCount { get; set; } = 5;
    public int RelatedCount { get; set; } = 4;
}
