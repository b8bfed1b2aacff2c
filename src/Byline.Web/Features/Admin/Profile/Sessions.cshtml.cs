using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Profile;

/// <summary>
/// "Log out everywhere": a new security stamp makes every cookie issued before it invalid at its
/// next check (at most <see cref="IdentityRegistration.SessionCheckInterval"/> later). This browser
/// gets a fresh cookie and stays signed in.
/// </summary>
public sealed class SessionsModel(UserManager<BylineUser> users, SignInManager<BylineUser> signIn, AuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        await users.UpdateSecurityStampAsync(user);
        // Also forget "don't ask again on this device" for two-factor sign-in on this browser; other
        // browsers' remembered devices are tied to the old stamp and stop working too.
        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(User, "profile.logout-everywhere", UserAccounts.AuditName(user));
        TempData["Status"] = "Your other sessions end within a minute. This browser stays signed in.";
        return RedirectToPage();
    }
}
