namespace Byline.Web.Features.Identity;

/// <summary>WordPress's roles, with WordPress's meaning.</summary>
public static class Roles
{
    /// <summary>Everything: users, settings, and all an editor does.</summary>
    public const string Administrator = "Administrator";

    /// <summary>All articles, pages, taxonomy and comments.</summary>
    public const string Editor = "Editor";

    /// <summary>Publishes and edits their own articles; uploads media.</summary>
    public const string Author = "Author";

    /// <summary>Writes drafts and submits them for review; cannot publish.</summary>
    public const string Contributor = "Contributor";

    /// <summary>Most powerful first.</summary>
    public static readonly IReadOnlyList<string> All = [Administrator, Editor, Author, Contributor];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>The canonical spelling of a role typed in any case, or null.</summary>
    public static string? Parse(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Authorization policies: what each role may do. Pages name a policy, never a role.</summary>
public static class Policies
{
    /// <summary>Any signed-in staff member: the admin area, writing drafts, previews.</summary>
    public const string Staff = "Staff";

    /// <summary>Publish and schedule articles (their own, or any with <see cref="ManageContent"/>).</summary>
    public const string Publish = "Publish";

    /// <summary>Upload and edit media.</summary>
    public const string UploadMedia = "UploadMedia";

    /// <summary>Everyone's articles, static pages, taxonomy and comment moderation.</summary>
    public const string ManageContent = "ManageContent";

    /// <summary>Users, site settings and the audit log.</summary>
    public const string ManageSite = "ManageSite";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) => builder
        .AddPolicy(Staff, p => p.RequireRole(Roles.All))
        .AddPolicy(Publish, p => p.RequireRole(Roles.Administrator, Roles.Editor, Roles.Author))
        .AddPolicy(UploadMedia, p => p.RequireRole(Roles.Administrator, Roles.Editor, Roles.Author))
        .AddPolicy(ManageContent, p => p.RequireRole(Roles.Administrator, Roles.Editor))
        .AddPolicy(ManageSite, p => p.RequireRole(Roles.Administrator));
}
