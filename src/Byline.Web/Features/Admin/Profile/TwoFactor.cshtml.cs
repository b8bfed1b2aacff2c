using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Profile;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP): set up a key, prove the app has it with one
/// code, then get ten recovery codes, shown once. Disabling asks for the password.
/// </summary>
public sealed class TwoFactorModel(
    UserManager<BylineUser> users, SignInManager<BylineUser> signIn, SiteSettingsProvider site, AuditLog audit) : PageModel
{
    public bool Enabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>The key waiting to be confirmed, when two-factor is off and set-up has started.</summary>
    public string? SharedKey { get; private set; }
    public string? KeyUri { get; private set; }
    public string? QrCode { get; private set; }

    /// <summary>Set only in the response that creates them, the one place they are shown.</summary>
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    [BindProperty]
    [StringLength(64)]
    [Display(Name = "Code from the app")]
    public string? Code { get; set; }

    [BindProperty]
    [StringLength(256)]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await users.GetUserAsync(User) is { } user ? await ShowAsync(user) : Challenge();

    /// <summary>Makes a new key. Until a code from it is confirmed, two-factor stays off.</summary>
    public async Task<IActionResult> OnPostStartAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp; keep this browser signed in.
            await signIn.RefreshSignInAsync(user);
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled || await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return RedirectToPage();
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code does not match. Check the app shows this site's entry, and that the phone's clock is right.");
            return await ShowAsync(user, StatusCodes.Status400BadRequest);
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorSetup.RecoveryCodeCount))!.ToList();
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(User, "profile.2fa-enable", UserAccounts.AuditName(user));
        NewRecoveryCodes = codes;
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }
        NewRecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorSetup.RecoveryCodeCount))!.ToList();
        await audit.RecordAsync(User, "profile.2fa-recovery-codes", UserAccounts.AuditName(user));
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, Password ?? "", lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError(nameof(Password), check.IsLockedOut
                ? "Too many wrong passwords: this account is locked for 15 minutes."
                : "That is not your password.");
            return await ShowAsync(user, check.IsLockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest);
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        // The old key must not come back to life: turning two-factor on again means scanning a new one.
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(User, "profile.2fa-disable", UserAccounts.AuditName(user));
        TempData["Status"] = "Two-factor sign-in is off. Your password alone now signs you in.";
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(BylineUser user, int status = StatusCodes.Status200OK)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        }
        else if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
        {
            SharedKey = AuthenticatorSetup.FormatKey(key);
            KeyUri = AuthenticatorSetup.KeyUri((await site.GetAsync()).Settings.Title, user.UserName ?? user.Email ?? "", key);
            QrCode = AuthenticatorSetup.QrCodeDataUri(KeyUri);
        }
        // The key and recovery codes are secrets: no cache may keep this page.
        Response.Headers.CacheControl = "no-store";
        Response.StatusCode = status;
        return Page();
    }
}
