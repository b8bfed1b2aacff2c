using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>First run: creates the first administrator. Gone (404) as soon as any account exists.</summary>
[AllowAnonymous]
public sealed class SetupModel(
    SetupState setup, UserAccounts accounts, SignInManager<BylineUser> signIn, BylineDbContext db,
    SiteSettingsProvider siteSettings, AuditLog audit) : PageModel
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public sealed class SetupInput
    {
        [Required(ErrorMessage = "Enter the site's title.")]
        [StringLength(200)]
        [Display(Name = "Site title")]
        public string SiteTitle { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100)]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        [StringLength(254)]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(256, MinimumLength = 10, ErrorMessage = "The password must be at least 10 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public SetupInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await setup.IsNeededAsync(HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Input.SiteTitle = (await siteSettings.GetAsync()).Settings.Title;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await OneAtATime.WaitAsync(HttpContext.RequestAborted);
        try
        {
            if (!await setup.IsNeededAsync(HttpContext.RequestAborted))
            {
                return NotFound();
            }
            if (!ModelState.IsValid)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            var result = await accounts.CreateAsync(Input.Email, Input.DisplayName, Roles.Administrator, Input.Password);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError(string.Empty, error);
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            setup.AccountCreated();
            await db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, Input.SiteTitle.Trim()));
            siteSettings.Invalidate();
            await signIn.SignInAsync(result.User!, isPersistent: false);
            await audit.RecordAsync(null, "site.setup", $"administrator {result.User!.UserName}");
            TempData["Status"] = "Your site is ready. Welcome!";
            return LocalRedirect("/admin");
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
