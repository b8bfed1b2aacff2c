using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Profile;

/// <summary>Change your own password. A new password ends your other sessions; this browser stays signed in.</summary>
public sealed class PasswordModel(UserManager<BylineUser> users, SignInManager<BylineUser> signIn, AuditLog audit) : PageModel
{
    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(256)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(256, MinimumLength = 10, ErrorMessage = "The new password must be at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // Checked through sign-in so wrong guesses count towards the lockout, as on the login page.
        var check = await signIn.CheckPasswordSignInAsync(user, Input.CurrentPassword, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError("Input.CurrentPassword", check.IsLockedOut
                ? "Too many wrong passwords: this account is locked for 15 minutes."
                : "That is not your current password.");
            Response.StatusCode = check.IsLockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
            return Page();
        }
        var changed = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
            {
                ModelState.AddModelError("Input.NewPassword", error.Description);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // Identity changed the security stamp: other sessions end at their next check; this one gets a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(User, "profile.password", UserAccounts.AuditName(user));
        TempData["Status"] = "Your password is changed. Your other sessions end within a minute.";
        return RedirectToPage();
    }
}
