namespace Byline.Web.Features.Authors;

/// <summary>A writer's public profile. Sign-in accounts (Identity) link to it later.</summary>
public sealed class Author
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string DisplayName { get; set; }
    public string? Bio { get; set; }

    /// <summary>Never shown publicly.</summary>
    public string? Email { get; set; }
}
