using Byline.Web.Features.Authors;
using Microsoft.AspNetCore.Identity;

namespace Byline.Web.Features.Identity;

/// <summary>
/// A staff account. The public face (display name, slug, bio, avatar) is the linked
/// <see cref="Authors.Author"/>, so bylines and author pages need no join to Identity.
/// </summary>
public sealed class BylineUser : IdentityUser<int>
{
    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
}
