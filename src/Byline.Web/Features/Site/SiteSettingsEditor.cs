using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Popular;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Site;

/// <summary>Every owner-editable setting except the privacy salt, as the settings form posts it.</summary>
public sealed class SiteSettingsForm
{
    [Required(ErrorMessage = "Enter the site's title.")]
    [StringLength(200, ErrorMessage = "The title can be at most 200 characters.")]
    public string Title { get; set; } = "";

    [StringLength(300, ErrorMessage = "The tagline can be at most 300 characters.")]
    public string? Tagline { get; set; }

    [Required(ErrorMessage = "Choose a time zone.")]
    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = "UTC";

    [Required(ErrorMessage = "Choose a language.")]
    [Display(Name = "Language and date format")]
    public string Culture { get; set; } = "en-US";

    [Range(1, 100, ErrorMessage = "Posts per page must be a whole number from 1 to 100.")]
    [Display(Name = "Articles per page")]
    public int PostsPerPage { get; set; } = 10;

    [Display(Name = "Default category")]
    public int? DefaultCategoryId { get; set; }

    [Display(Name = "Most Popular covers")]
    public int PopularWindowDays { get; set; } = 7;

    [Range(1, 20, ErrorMessage = "Most Popular can list 1 to 20 articles.")]
    [Display(Name = "Articles in Most Popular")]
    public int PopularCount { get; set; } = 5;

    [Range(1, 20, ErrorMessage = "Recent Comments can list 1 to 20 comments.")]
    [Display(Name = "Comments in Recent Comments")]
    public int RecentCommentsCount { get; set; } = 5;

    [Range(3, 6, ErrorMessage = "Related articles must be 3 to 6.")]
    [Display(Name = "Related articles per article")]
    public int RelatedCount { get; set; } = 4;

    [Display(Name = "Article addresses")]
    public string PermalinkStructure { get; set; } = Articles.PermalinkStructures.Default;

    [Display(Name = "Full text in feeds")]
    public bool FeedFullText { get; set; } = true;

    [Display(Name = "Allow comments on the site")]
    public bool CommentsEnabled { get; set; } = true;

    [Range(0, 36500, ErrorMessage = "Close comments after 0 (never) to 36,500 days.")]
    [Display(Name = "Close comments on articles older than (days)")]
    public int CloseCommentsAfterDays { get; set; }

    [Display(Name = "Moderation")]
    public CommentModerationPolicy ModerationPolicy { get; set; } = CommentModerationPolicy.HoldFirstTime;

    [Range(0, 100, ErrorMessage = "Links before hold must be 0 to 100.")]
    [Display(Name = "Hold a comment with more links than")]
    public int MaxLinksBeforeHold { get; set; } = 2;

    [StringLength(20_000, ErrorMessage = "Blocked terms can be at most 20,000 characters.")]
    [Display(Name = "Blocked terms")]
    public string? BlockedTerms { get; set; }

    [Display(Name = "A blocked term")]
    public BlockedTermAction BlockedTermAction { get; set; } = BlockedTermAction.Hold;

    [StringLength(20_000, ErrorMessage = "Allowed commenters can be at most 20,000 characters.")]
    [Display(Name = "Allowed commenters")]
    public string? AllowedCommenters { get; set; }

    [Range(1, 500, ErrorMessage = "Comments per page must be 1 to 500.")]
    [Display(Name = "Top-level comments per page")]
    public int CommentsPerPage { get; set; } = 50;

    [Display(Name = "Comment order")]
    public CommentOrder CommentOrder { get; set; } = CommentOrder.OldestFirst;

    [Range(1, 10, ErrorMessage = "Thread depth must be 1 to 10.")]
    [Display(Name = "Reply depth")]
    public int CommentThreadDepth { get; set; } = 5;

    public static SiteSettingsForm From(SiteSettings s) => new()
    {
        Title = s.Title,
        Tagline = s.Tagline,
        TimeZoneId = s.TimeZoneId,
        Culture = s.Culture,
        PostsPerPage = s.PostsPerPage,
        DefaultCategoryId = s.DefaultCategoryId,
        PopularWindowDays = s.PopularWindowDays,
        PopularCount = s.PopularCount,
        RecentCommentsCount = s.RecentCommentsCount,
        RelatedCount = s.RelatedCount,
        PermalinkStructure = s.PermalinkStructure,
        FeedFullText = s.FeedFullText,
        CommentsEnabled = s.CommentsEnabled,
        CloseCommentsAfterDays = s.CloseCommentsAfterDays,
        ModerationPolicy = s.ModerationPolicy,
        MaxLinksBeforeHold = s.MaxLinksBeforeHold,
        BlockedTerms = s.BlockedTerms,
        BlockedTermAction = s.BlockedTermAction,
        AllowedCommenters = s.AllowedCommenters,
        CommentsPerPage = s.CommentsPerPage,
        CommentOrder = s.CommentOrder,
        CommentThreadDepth = s.CommentThreadDepth,
    };
}

/// <summary>Checks and saves the settings form, refreshes every cache built from settings, and audits what changed.</summary>
public sealed class SiteSettingsEditor(
    BylineDbContext db, SiteSettingsProvider provider, Sidebar sidebar, AuditLog audit)
{
    public static readonly IReadOnlyList<int> PopularWindows = [1, 7, 30, 0];

    /// <summary>Cultures offered in the form: the common languages of news sites, with their regional date formats.</summary>
    public static readonly IReadOnlyList<string> CommonCultures =
    [
        "en-US", "en-GB", "en-AU", "en-CA", "en-IE", "en-IN", "en-NZ", "en-ZA",
        "ar-EG", "ar-SA", "ca-ES", "cs-CZ", "da-DK", "de-AT", "de-CH", "de-DE", "el-GR",
        "es-AR", "es-ES", "es-MX", "et-EE", "eu-ES", "fa-IR", "fi-FI", "fr-BE", "fr-CA", "fr-CH", "fr-FR",
        "he-IL", "hi-IN", "hr-HR", "hu-HU", "id-ID", "is-IS", "it-IT", "ja-JP", "ko-KR",
        "lt-LT", "lv-LV", "ms-MY", "nb-NO", "nl-BE", "nl-NL", "pl-PL", "pt-BR", "pt-PT",
        "ro-RO", "ru-RU", "sk-SK", "sl-SI", "sr-Latn-RS", "sv-SE", "sw-KE", "th-TH", "tr-TR",
        "uk-UA", "vi-VN", "zh-CN", "zh-TW",
    ];

    /// <summary>Settings that must not be echoed into the audit log (lists of commenters' addresses).</summary>
    private static readonly HashSet<string> ValuesNotAudited = [nameof(SiteSettingsForm.BlockedTerms), nameof(SiteSettingsForm.AllowedCommenters)];

    private static readonly Lazy<IReadOnlyList<string>> KnownTimeZones = new(LoadTimeZoneIds);

    /// <summary>IANA ids of the zones this machine knows, sorted; Windows ids are converted where possible.</summary>
    public static IReadOnlyList<string> TimeZoneIds() => KnownTimeZones.Value;

    private static IReadOnlyList<string> LoadTimeZoneIds() =>
    [
        .. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    public static bool IsKnownTimeZone(string id) =>
        TimeZoneIds().Contains(id, StringComparer.Ordinal);

    public static bool IsKnownCulture(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 20)
        {
            return false;
        }
        try
        {
            // Predefined only: .NET would otherwise make up a culture for any well-formed name.
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return !culture.Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Field name and message for every rule the data annotations can't express.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> ValidateAsync(SiteSettingsForm form, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (!IsKnownTimeZone(form.TimeZoneId ?? ""))
        {
            errors.Add((nameof(form.TimeZoneId), $"“{form.TimeZoneId}” is not a time zone this server knows. Choose one from the list."));
        }
        if (!IsKnownCulture(form.Culture ?? ""))
        {
            errors.Add((nameof(form.Culture), $"“{form.Culture}” is not a known language and region. Choose one from the list."));
        }
        if (!PopularWindows.Contains(form.PopularWindowDays))
        {
            errors.Add((nameof(form.PopularWindowDays), "Most Popular covers 1, 7 or 30 days, or all time."));
        }
        if (!Articles.PermalinkStructures.TryParse(form.PermalinkStructure, out _))
        {
            errors.Add((nameof(form.PermalinkStructure), "Choose one of the article address forms from the list."));
        }
        if (!Enum.IsDefined(form.ModerationPolicy))
        {
            errors.Add((nameof(form.ModerationPolicy), "Choose a moderation policy from the list."));
        }
        if (!Enum.IsDefined(form.BlockedTermAction))
        {
            errors.Add((nameof(form.BlockedTermAction), "Choose what a blocked term does."));
        }
        if (!Enum.IsDefined(form.CommentOrder))
        {
            errors.Add((nameof(form.CommentOrder), "Choose a comment order."));
        }
        if (form.DefaultCategoryId is int categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            errors.Add((nameof(form.DefaultCategoryId), "The chosen default category no longer exists."));
        }
        return errors;
    }

    /// <summary>Saves a form that passed validation; returns the names of the settings that changed.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(ClaimsPrincipal user, SiteSettingsForm form, CancellationToken cancellationToken)
    {
        var settings = await db.SiteSettings.SingleAsync(cancellationToken);
        var before = SiteSettingsForm.From(settings);
        settings.Title = form.Title.Trim();
        settings.Tagline = form.Tagline?.Trim() ?? "";
        settings.TimeZoneId = form.TimeZoneId;
        settings.Culture = CultureInfo.GetCultureInfo(form.Culture, predefinedOnly: true).Name;
        settings.PostsPerPage = form.PostsPerPage;
        settings.DefaultCategoryId = form.DefaultCategoryId;
        settings.PopularWindowDays = form.PopularWindowDays;
        settings.PopularCount = form.PopularCount;
        settings.RecentCommentsCount = form.RecentCommentsCount;
        settings.RelatedCount = form.RelatedCount;
        settings.PermalinkStructure = form.PermalinkStructure;
        settings.FeedFullText = form.FeedFullText;
        settings.CommentsEnabled = form.CommentsEnabled;
        settings.CloseCommentsAfterDays = form.CloseCommentsAfterDays;
        settings.ModerationPolicy = form.ModerationPolicy;
        settings.MaxLinksBeforeHold = form.MaxLinksBeforeHold;
        settings.BlockedTerms = NormalizeLines(form.BlockedTerms);
        settings.BlockedTermAction = form.BlockedTermAction;
        settings.AllowedCommenters = NormalizeLines(form.AllowedCommenters);
        settings.CommentsPerPage = form.CommentsPerPage;
        settings.CommentOrder = form.CommentOrder;
        settings.CommentThreadDepth = form.CommentThreadDepth;

        var after = SiteSettingsForm.From(settings);
        var changes = new List<string>();
        foreach (var property in typeof(SiteSettingsForm).GetProperties())
        {
            var old = Display(property.GetValue(before));
            var @new = Display(property.GetValue(after));
            if (old == @new)
            {
                continue;
            }
            changes.Add(ValuesNotAudited.Contains(property.Name)
                ? property.Name
                : $"{property.Name}: {old} → {@new}");
        }
        if (changes.Count == 0)
        {
            return [];
        }
        await db.SaveChangesAsync(cancellationToken);
        provider.Invalidate();
        // The sidebar boxes are built from the counts and window above, and hold article URLs (the
        // permalink structure). Feeds carry the structure in their version; cached pages went with the settings.
        sidebar.Invalidate();
        await audit.RecordAsync(user, "settings.update", "site settings", string.Join("; ", changes), cancellationToken);
        return changes;
    }

    private static string Display(object? value) => value switch
    {
        null => "none",
        string s when s.Length == 0 => "(empty)",
        string s => $"“{s}”",
        bool b => b ? "on" : "off",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>One entry a line, without blank lines or stray spaces, and with \n line ends whatever the browser sent.</summary>
    private static string NormalizeLines(string? text) =>
        string.Join('\n', (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
