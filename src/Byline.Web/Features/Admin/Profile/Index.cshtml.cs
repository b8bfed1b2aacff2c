using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Profile;

/// <summary>Your public author profile and your e-mail address. Every staff member reaches their own, and only their own.</summary>
public sealed class IndexModel(AuthorProfiles profiles, UserManager<BylineUser> users, SignInManager<BylineUser> signIn, AuditLog audit)
    : PageModel
{
    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Enter the name shown on your bylines.")]
        [StringLength(100, ErrorMessage = "The display name must be at most 100 characters.")]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter the address of your author page.")]
        [StringLength(AuthorProfiles.SlugMaxLength, ErrorMessage = "The author address must be at most 100 characters.")]
        [Display(Name = "Author page address")]
        public string Slug { get; set; } = "";

        // The 2,000-character rule is checked after line endings are normalised (browsers send CRLF).
        [StringLength(AuthorProfiles.BioMaxLength * 2, ErrorMessage = "The bio may be at most 2000 characters.")]
        public string? Bio { get; set; }

        [StringLength(1000, ErrorMessage = "The picture address may be at most 1000 characters.")]
        [Display(Name = "Picture")]
        public string? AvatarUrl { get; set; }

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        [StringLength(254)]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await profiles.GetAsync(User.UserId() ?? 0, HttpContext.RequestAborted) is not { } profile)
        {
            return Challenge();
        }
        Input = new ProfileInput
        {
            DisplayName = profile.DisplayName,
            Slug = profile.Slug,
            Bio = profile.Bio,
            AvatarUrl = profile.AvatarUrl,
            Email = profile.Email,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user || await profiles.GetAsync(user.Id, HttpContext.RequestAborted) is not { } before)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var problems = await profiles.UpdateAsync(user,
            new AuthorProfiles.Profile(Input.DisplayName, Input.Slug, Input.Bio, Input.AvatarUrl, Input.Email), HttpContext.RequestAborted);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(problem.Field.Length == 0 ? string.Empty : $"{nameof(Input)}.{problem.Field}", problem.Message);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var after = (await profiles.GetAsync(user.Id, HttpContext.RequestAborted))!;
        await audit.RecordAsync(User, "profile.update", UserAccounts.AuditName(user), Changes(before, after));
        // The user name may have followed the e-mail address; the cookie should carry the new one.
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Your profile is saved.";
        return RedirectToPage();
    }

    /// <summary>Which fields changed, for the audit log; the author address with its values (it is public), the e-mail address without.</summary>
    private static string? Changes(AuthorProfiles.Profile before, AuthorProfiles.Profile after)
    {
        var changed = new List<string>();
        if (before.DisplayName != after.DisplayName)
        {
            changed.Add("display name");
        }
        if (before.Slug != after.Slug)
        {
            changed.Add($"author address {AuthorProfiles.AuthorPath(before.Slug)} → {AuthorProfiles.AuthorPath(after.Slug)}");
        }
        if (before.Bio != after.Bio)
        {
            changed.Add("bio");
        }
        if (before.AvatarUrl != after.AvatarUrl)
        {
            changed.Add("picture");
        }
        if (before.Email != after.Email)
        {
            changed.Add("e-mail address");
        }
        return changed.Count == 0 ? "no changes" : string.Join(", ", changed);
    }
}
