using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Users;

/// <summary>
/// Adds an account. A generated password is rendered straight from the POST, once: it is never
/// stored in clear, put in a cookie or TempData, or logged.
/// </summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class NewModel(UserAccounts accounts, UserManager<BylineUser> users, AuditLog audit) : PageModel
{
    public sealed class NewUserInput
    {
        [Required(ErrorMessage = "Enter the e-mail address.")]
        [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        [StringLength(254)]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter the name shown on bylines.")]
        [StringLength(100, ErrorMessage = "The display name must be at most 100 characters.")]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [StringLength(64, ErrorMessage = "The user name must be at most 64 characters.")]
        [RegularExpression(@"^[A-Za-z0-9._-]*$", ErrorMessage = "A user name may hold letters, digits, dots, hyphens and underscores.")]
        [Display(Name = "User name")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "Choose a role.")]
        public string Role { get; set; } = Roles.Author;

        [StringLength(256)]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }

    /// <summary>What the administrator needs to pass on after creating the account.</summary>
    public sealed record Created(int Id, string UserName, string Role, string? GeneratedPassword);

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public Created? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Roles.Parse(Input.Role) is null)
        {
            ModelState.AddModelError("Input.Role", "Choose one of the four roles.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var userName = string.IsNullOrWhiteSpace(Input.UserName) ? await UserNameFromAsync(Input.DisplayName) : Input.UserName.Trim();
        var generated = string.IsNullOrEmpty(Input.Password) ? UserAccounts.GeneratePassword() : null;
        var result = await accounts.CreateAsync(Input.Email, Input.DisplayName, Input.Role, generated ?? Input.Password!, userName);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = result.User!;
        var role = Roles.Parse(Input.Role)!;
        await audit.RecordAsync(User, "user.create", $"{UserAccounts.AuditName(user)} as {role}");
        // The one response that shows the password: no cache may keep it.
        Response.Headers.CacheControl = "no-store";
        Result = new Created(user.Id, user.UserName!, role, generated);
        return Page();
    }

    /// <summary>"Maya Okafor" → "maya-okafor" (then "maya-okafor-2"…), so user names, which the audit log shows, are not e-mail addresses.</summary>
    private async Task<string> UserNameFromAsync(string displayName)
    {
        var baseName = Slugs.From(displayName) is { Length: > 0 } s ? (s.Length > 50 ? s[..50] : s) : "user";
        return await Slugs.UniqueAsync(baseName, async name => await users.FindByNameAsync(name) is not null);
    }
}
