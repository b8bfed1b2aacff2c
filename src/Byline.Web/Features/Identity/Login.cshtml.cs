using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Identity;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<BylineUser> signIn, UserAccounts accounts, SignInThrottle throttle, ILogger<LoginModel> logger) : PageModel
{
    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your e-mail address or user name.")]
        [StringLength(256)]
        [Display(Name = "E-mail or user name")]
        public string Login { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(256)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    /// <summary>Where to go after signing in; only local addresses are followed, so the form cannot be an open redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl(Url, ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (throttle.IsBlocked(HttpContext))
        {
            IdentityLog.AddressThrottled(logger);
            Response.Headers.RetryAfter = "900";
            return Failed("Too many failed sign-ins from your network: try again in 15 minutes.", StatusCodes.Status429TooManyRequests);
        }
        var user = await accounts.FindAsync(Input.Login);
        if (user is null)
        {
            IdentityLog.UnknownAccount(logger);
            throttle.RecordFailure(HttpContext);
            return Failed("The e-mail address, user name or password is wrong.", StatusCodes.Status401Unauthorized);
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            IdentityLog.SignedIn(logger, user.Id);
            return LocalRedirect(SafeReturnUrl(Url, ReturnUrl));
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("LoginTwoFactor", new { ReturnUrl, Input.RememberMe });
        }
        throttle.RecordFailure(HttpContext);
        if (result.IsLockedOut)
        {
            IdentityLog.LockedOut(logger, user.Id);
            return Failed("Too many failed attempts: this account is locked for 15 minutes.", StatusCodes.Status429TooManyRequests);
        }
        IdentityLog.WrongPassword(logger, user.Id);
        return Failed("The e-mail address, user name or password is wrong.", StatusCodes.Status401Unauthorized);
    }

    private PageResult Failed(string message, int status)
    {
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = status;
        return Page();
    }

    internal static string SafeReturnUrl(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/admin";
}
