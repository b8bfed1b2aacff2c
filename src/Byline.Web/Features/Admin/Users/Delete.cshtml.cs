using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Users;

/// <summary>Deletes an account after a confirmation that says what stays (the author profile and the articles).</summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class DeleteModel(UserDirectory directory, UserAccounts accounts, UserManager<BylineUser> users, AuditLog audit) : PageModel
{
    public UserDirectory.Account Account { get; private set; } = null!;
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await directory.FindAsync(id, HttpContext.RequestAborted) is not { } account)
        {
            return NotFound();
        }
        Account = account;
        if (account.Id == User.UserId())
        {
            Problems = ["You cannot delete your own account."];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await directory.FindAsync(id, HttpContext.RequestAborted) is not { } account
            || await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return NotFound();
        }
        var result = await accounts.DeleteAsync(user, User.UserId() ?? 0);
        if (!result.Succeeded)
        {
            Account = account;
            Problems = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await audit.RecordAsync(User, "user.delete", $"{UserAccounts.AuditName(account.Id, account.UserName)}; author “{account.DisplayName}” kept");
        TempData["Status"] = $"{account.UserName}'s account is deleted. Their author page and {account.Articles} {(account.Articles == 1 ? "article stay" : "articles stay")}.";
        return RedirectToPage("Index");
    }
}
