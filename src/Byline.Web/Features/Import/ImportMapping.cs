namespace Byline.Web.Features.Import;

/// <summary>
/// Which local row an item of an import source became (WordPress post 123 of a site → article 45).
/// Importing the same file again finds its items here and changes nothing; an interrupted import
/// re-run skips what is already done.
/// </summary>
public sealed class ImportMapping
{
    public int Id { get; set; }

    /// <summary>Identifies the source site, e.g. the WXR's base site URL.</summary>
    public required string Source { get; set; }

    /// <summary>author, category, tag, post, page, attachment, comment…</summary>
    public required string Kind { get; set; }

    /// <summary>The item's id in the source (WordPress's post_id, comment_id, term slug…).</summary>
    public required string ExternalId { get; set; }
    public int LocalId { get; set; }
    public DateTime ImportedAt { get; set; }
}
