using System.Security.Claims;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Shared;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Pages;

public sealed record StaticPageInput(string Title, string? Slug, string BodyMarkdown, StaticPageStatus Status, int MenuOrder, bool ShowInFooter);

/// <summary>Saves static pages with the article pipeline's rendering and the same safety: unique slugs, 301s, versions.</summary>
public sealed class StaticPageEditor(BylineDbContext db, MarkdownRenderer markdown, TimeProvider clock, AuditLog audit, PageDirectory pages)
{
    /// <summary>
    /// First path segments the site already uses. A page there would be shadowed (or would shadow),
    /// so those slugs are refused.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "account", "api", "author", "category", "tag", "search", "feed", "comments", "media", "status", "error",
        "privacy", "sitemap.xml", "robots.txt", "favicon.svg", "favicon.ico", "favicon.png", "favicon-180.png", "favicon-192.png", "favicon-512.png", "site.webmanifest", "css", "js", "images", "health", "setup",
        "wp-admin", "wp-login.php", "wp-content", "opensearch.xml",
    };

    public async Task<EditorResult> SaveAsync(ClaimsPrincipal user, int? pageId, int? baseVersion, StaticPageInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        StaticPage page;
        string? oldSlug = null;
        if (pageId is int id)
        {
            var existing = await db.StaticPages.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (existing is null)
            {
                return new EditorResult(EditorOutcome.NotFound);
            }
            if (existing.Version != baseVersion)
            {
                return new EditorResult(EditorOutcome.Conflict, id,
                    Message: "Someone saved this page while you were editing. Your text has not been saved; copy it, reload, and merge.");
            }
            page = existing;
            oldSlug = existing.Status == StaticPageStatus.Published ? existing.Slug : null;
        }
        else
        {
            page = new StaticPage { Title = "", Slug = "", BodyMarkdown = "", BodyHtml = "", CreatedAt = now };
        }

        var slug = Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Title : input.Slug);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors["Title"] = "Give the page a title.";
        }
        else if (input.Title.Trim().Length > ArticleEditor.TitleMaxLength)
        {
            errors["Title"] = $"The title can be at most {ArticleEditor.TitleMaxLength} characters.";
        }
        if (slug.Length == 0 || !slug.Any(char.IsLetter))
        {
            errors["Slug"] = "The slug needs at least one letter.";
        }
        else if (ReservedSlugs.Contains(slug))
        {
            errors["Slug"] = $"“{slug}” is an address the site already uses. Choose another slug.";
        }
        else if (await db.StaticPages.AnyAsync(p => p.Slug == slug && p.Id != page.Id, cancellationToken))
        {
            errors["Slug"] = $"Another page already uses the slug “{slug}”.";
        }
        if (input.BodyMarkdown.Length > ArticleEditor.BodyMaxLength)
        {
            errors["BodyMarkdown"] = $"The text can be at most {ArticleEditor.BodyMaxLength:N0} characters.";
        }
        if (!Enum.IsDefined(input.Status))
        {
            errors["Status"] = "Choose draft or published.";
        }
        if (errors.Count > 0)
        {
            return new EditorResult(EditorOutcome.Invalid, page.Id, errors);
        }

        page.Title = input.Title.Trim();
        page.Slug = slug;
        page.BodyMarkdown = input.BodyMarkdown;
        page.BodyHtml = markdown.ToHtml(input.BodyMarkdown);
        page.Status = input.Status;
        page.MenuOrder = input.MenuOrder;
        page.ShowInFooter = input.ShowInFooter;
        page.UpdatedAt = now;
        page.Version++;
        if (page.Id == 0)
        {
            db.StaticPages.Add(page);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new EditorResult(EditorOutcome.Conflict, page.Id, Message: "Someone saved this page at the same moment. Your text has not been saved.");
        }
        if (oldSlug is not null && !string.Equals(oldSlug, slug, StringComparison.OrdinalIgnoreCase))
        {
            await Redirects.RememberPageAsync(db, "/" + oldSlug, page.Id, now, cancellationToken);
        }
        pages.Invalidate();
        await audit.RecordAsync(user, pageId is null ? "page.create" : "page.update", $"page {page.Id} “{page.Title}” ({page.Status})", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, page.Id);
    }

    /// <summary>Trashed pages disappear from the site; restoring makes them drafts to look over first.</summary>
    public async Task<EditorResult> SetTrashedAsync(ClaimsPrincipal user, int pageId, bool trashed, CancellationToken cancellationToken)
    {
        var page = await db.StaticPages.SingleOrDefaultAsync(p => p.Id == pageId, cancellationToken);
        if (page is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        page.Status = trashed ? StaticPageStatus.Trashed : StaticPageStatus.Draft;
        page.Version++;
        await db.SaveChangesAsync(cancellationToken);
        pages.Invalidate();
        await audit.RecordAsync(user, trashed ? "page.trash" : "page.restore", $"page {page.Id} “{page.Title}”", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, pageId);
    }

    public async Task<EditorResult> DeleteAsync(ClaimsPrincipal user, int pageId, CancellationToken cancellationToken)
    {
        var page = await db.StaticPages.SingleOrDefaultAsync(p => p.Id == pageId, cancellationToken);
        if (page is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        if (page.Status != StaticPageStatus.Trashed)
        {
            return new EditorResult(EditorOutcome.Invalid, pageId, Message: "Move the page to the trash first.");
        }
        db.StaticPages.Remove(page);
        await db.SaveChangesAsync(cancellationToken);
        pages.Invalidate();
        await audit.RecordAsync(user, "page.delete", $"page {pageId} “{page.Title}”", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, pageId);
    }
}
