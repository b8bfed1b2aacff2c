using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Identity;

[AllowAnonymous]
public sealed class LoginTwoFactorModel(SignInManager<BylineUser> signIn, SignInThrottle throttle, ILogger<LoginTwoFactorModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the code.")]
    [StringLength(64)]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    [BindProperty]
    [Display(Name = "Don't ask again on this device")]
    public bool RememberDevice { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The first step's cookie expired: start again.
            return RedirectToPage("Login", new { ReturnUrl });
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (throttle.IsBlocked(HttpContext))
        {
            IdentityLog.AddressThrottled(logger);
            Response.Headers.RetryAfter = "900";
            ModelState.AddModelError(string.Empty, "Too many failed sign-ins from your network: try again in 15 minutes.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, RememberDevice)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Trim());
        if (result.Succeeded)
        {
            IdentityLog.SignedInTwoFactor(logger, user.Id);
            return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
        }
        throttle.RecordFailure(HttpContext);
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "That code is wrong or has expired.");
        Response.StatusCode = result.IsLockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
        return Page();
    }
}
