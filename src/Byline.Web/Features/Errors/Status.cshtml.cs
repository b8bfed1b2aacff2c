using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Errors;

/// <summary>
/// Friendly pages for error status codes: re-executed by the status-code middleware as /status/NNN,
/// and by the exception handler as /error (which keeps the status it chose, e.g. 413 for an oversized body).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public IActionResult OnGet(int? code) => Show(code);

    // A failed POST (say, to a missing article) re-executes here as a POST too.
    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        if (code is null)
        {
            // /error after an exception: the handler has already set the status.
            Response.StatusCode = Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError;
        }
        else
        {
            // Requested directly, /status/NNN for a code that is no error is simply not found.
            var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
            Response.StatusCode = reExecuted || code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        }
        (Heading, Message) = Response.StatusCode switch
        {
            404 => ("Page not found", "We could not find that page. It may have moved, or the address may be mistyped."),
            400 => ("Bad request", "The address or form had something we could not understand, such as a page number that is not a positive whole number."),
            403 => ("Not allowed", "You do not have permission to do that."),
            405 => ("Not allowed", "That kind of request is not supported here."),
            413 => ("Too large", "What you sent is larger than this site accepts."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => ("Something went wrong", "The page could not be shown. Please try again in a moment."),
        };
        return Page();
    }
}
