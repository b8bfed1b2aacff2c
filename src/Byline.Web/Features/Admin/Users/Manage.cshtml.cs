using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Users;

/// <summary>One account: its role, a new password, lock and unlock. Each is its own small form.</summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class ManageModel(
    UserDirectory directory, UserAccounts accounts, UserManager<BylineUser> users, SignInManager<BylineUser> signIn, AuditLog audit)
    : PageModel
{
    public UserDirectory.Account Account { get; private set; } = null!;
    public bool IsLocked { get; private set; }
    public bool IsYou { get; private set; }

    [BindProperty]
    public string? Role { get; set; }

    /// <summary>Set only in the response to a reset, which is the one place it is shown.</summary>
    public string? NewPassword { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRoleAsync(int id)
    {
        if (await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return NotFound();
        }
        var before = (await users.GetRolesAsync(user)).FirstOrDefault();
        var result = await accounts.SetRoleAsync(user, Role ?? "");
        if (!result.Succeeded)
        {
            return await ProblemAsync(id, result.Errors);
        }
        var role = Roles.Parse(Role)!;
        await audit.RecordAsync(User, "user.role", $"{UserAccounts.AuditName(user)}: {before} → {role}");
        if (user.Id == User.UserId())
        {
            // Your own new role applies to this browser at once.
            await signIn.RefreshSignInAsync(user);
            TempData["Status"] = $"You are now {role}.";
            return role == Roles.Administrator ? RedirectToPage(new { id }) : LocalRedirect("/admin");
        }
        TempData["Status"] = $"{user.UserName} is now {role}. Their open sessions pick it up within a minute.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(int id)
    {
        if (await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return NotFound();
        }
        var password = UserAccounts.GeneratePassword();
        var result = await accounts.ResetPasswordAsync(user, password);
        if (!result.Succeeded)
        {
            return await ProblemAsync(id, result.Errors);
        }
        await audit.RecordAsync(User, "user.reset-password", UserAccounts.AuditName(user));
        if (user.Id == User.UserId())
        {
            await signIn.RefreshSignInAsync(user);
        }
        await LoadAsync(id);
        Response.Headers.CacheControl = "no-store";
        NewPassword = password;
        return Page();
    }

    public async Task<IActionResult> OnPostLockAsync(int id)
    {
        if (await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return NotFound();
        }
        var result = await accounts.LockAsync(user, User.UserId() ?? 0);
        if (!result.Succeeded)
        {
            return await ProblemAsync(id, result.Errors);
        }
        await audit.RecordAsync(User, "user.lock", UserAccounts.AuditName(user));
        TempData["Status"] = $"{user.UserName} is locked: they cannot sign in, and their open sessions end within a minute.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(int id)
    {
        if (await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return NotFound();
        }
        var result = await accounts.UnlockAsync(user);
        if (!result.Succeeded)
        {
            return await ProblemAsync(id, result.Errors);
        }
        await audit.RecordAsync(User, "user.unlock", UserAccounts.AuditName(user));
        TempData["Status"] = $"{user.UserName} can sign in again.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ProblemAsync(int id, IReadOnlyList<string> problems)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Problems = problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id)
    {
        if (await directory.FindAsync(id, HttpContext.RequestAborted) is not { } account)
        {
            return false;
        }
        Account = account;
        IsLocked = directory.IsLocked(account);
        IsYou = account.Id == User.UserId();
        Role = account.Role;
        return true;
    }
}
