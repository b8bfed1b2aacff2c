using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Users;

[Authorize(Policy = Policies.ManageSite)]
public sealed class IndexModel(UserDirectory directory) : PageModel
{
    public IReadOnlyList<UserDirectory.Account> Accounts { get; private set; } = [];

    public UserDirectory Directory => directory;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await directory.ListAsync(cancellationToken);
}
