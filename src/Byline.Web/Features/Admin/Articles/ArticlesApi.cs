using System.Globalization;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>
/// The editor's JavaScript enhancements: live preview and autosave. Both take the editor form as
/// posted (antiforgery token included) and do nothing the form cannot do without them.
/// </summary>
public static class ArticlesApi
{
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/api/articles").RequireAuthorization(Policies.Staff).DisableAntiforgery();
        group.MapPost("/preview", PreviewAsync);
        group.MapPost("/{id:int}/autosave", AutosaveAsync);
        return endpoints;
    }

    private static async Task<Results<ContentHttpResult, BadRequest<string>>> PreviewAsync(
        HttpContext http, IAntiforgery antiforgery, MarkdownRenderer markdown)
    {
        if (await ReadFormAsync(http, antiforgery) is not { } form)
        {
            return TypedResults.BadRequest("The form token is missing or out of date. Reload the page.");
        }
        var body = form["Form.Body"].ToString();
        if (body.Length > ArticleEditor.BodyMaxLength)
        {
            return TypedResults.BadRequest("The text is too long to preview.");
        }
        return TypedResults.Content(markdown.ToHtml(body), "text/html; charset=utf-8");
    }

    public sealed record AutosaveResult(int Version, string Message);

    private static async Task<Results<Ok<AutosaveResult>, Conflict<AutosaveResult>, BadRequest<string>, ForbidHttpResult, NotFound>> AutosaveAsync(
        int id, HttpContext http, IAntiforgery antiforgery, ArticleEditor editor, BylineDbContext db, TimeProvider clock)
    {
        if (await ReadFormAsync(http, antiforgery) is not { } form)
        {
            return TypedResults.BadRequest("The form token is missing or out of date. Reload the page.");
        }
        var status = await db.Articles.Where(a => a.Id == id).Select(a => (ArticleStatus?)a.Status).SingleOrDefaultAsync(http.RequestAborted);
        if (status is null)
        {
            return TypedResults.NotFound();
        }
        if (!int.TryParse(form["Form.Version"], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !int.TryParse(form["Form.CategoryId"], NumberStyles.None, CultureInfo.InvariantCulture, out var categoryId))
        {
            return TypedResults.BadRequest("The form is incomplete.");
        }
        var input = new ArticleInput(form["Form.Title"].ToString(), form["Form.Slug"], form["Form.Excerpt"], form["Form.Body"].ToString(), categoryId,
            form["Form.Tags"], form["Form.FeaturedImageUrl"], form["Form.FeaturedImageAlt"],
            form["Form.IsSticky"].Contains("true"), form["Form.CommentsOpen"].Contains("true"),
            int.TryParse(form["Form.AuthorId"], NumberStyles.None, CultureInfo.InvariantCulture, out var authorId) ? authorId : null);

        if (status is not (ArticleStatus.Draft or ArticleStatus.PendingReview))
        {
            // A live article is never changed behind the editor's back: its autosave is only a revision.
            var saved = await editor.AutosaveRevisionAsync(http.User, id, version, input, http.RequestAborted);
            return saved.Outcome switch
            {
                EditorOutcome.Saved => TypedResults.Ok(new AutosaveResult(version, $"Autosaved as a revision at {Time(clock)} (not published until you press Update).")),
                EditorOutcome.Conflict => TypedResults.Conflict(new AutosaveResult(version, saved.Message!)),
                EditorOutcome.Forbidden => TypedResults.Forbid(),
                _ => TypedResults.BadRequest("Not saved: " + string.Join(" ", saved.Errors?.Values ?? [])),
            };
        }
        var action = status == ArticleStatus.PendingReview ? EditorAction.SubmitForReview : EditorAction.SaveDraft;
        var result = await editor.SaveAsync(http.User, id, version, input, action, null, isAutosave: true, http.RequestAborted);
        switch (result.Outcome)
        {
            case EditorOutcome.Saved:
                var newVersion = await db.Articles.Where(a => a.Id == id).Select(a => a.Version).SingleAsync(http.RequestAborted);
                return TypedResults.Ok(new AutosaveResult(newVersion, $"Draft autosaved at {Time(clock)}."));
            case EditorOutcome.Conflict:
                return TypedResults.Conflict(new AutosaveResult(version, result.Message!));
            case EditorOutcome.Forbidden:
                return TypedResults.Forbid();
            case EditorOutcome.NotFound:
                return TypedResults.NotFound();
            default:
                return TypedResults.BadRequest("Not autosaved: " + string.Join(" ", result.Errors?.Values ?? []));
        }
    }

    private static string Time(TimeProvider clock) => clock.GetUtcNow().ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }
}
