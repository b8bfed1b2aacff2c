namespace Byline.Web.Features.Authors;

/// <summary>A writer's public profile; staff accounts (<see cref="Identity.BylineUser"/>) each link to one.</summary>
public sealed class Author
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string DisplayName { get; set; }
    public string? Bio { get; set; }

    /// <summary>A picture for the author page and bylines, usually from the media library.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary>Never shown publicly.</summary>
    public string? Email { get; set; }
}
