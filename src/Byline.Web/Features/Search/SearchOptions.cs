using System.ComponentModel.DataAnnotations;

namespace Byline.Web.Features.Search;

/// <summary>The <c>Byline:Search</c> configuration section.</summary>
public sealed class SearchOptions
{
    public const string Section = "Byline:Search";

    /// <summary>
    /// How many matches a search ranks and counts at most. A common word can match most of the
    /// archive; ranking every match would make the search slow as the archive grows, so the search ranks
    /// the newest this many matches (all of them when there are fewer) and shows "1,000+ results".
    /// </summary>
    [Range(10, 100_000)]
    public int MaxResults { get; set; } = 1000;
}
