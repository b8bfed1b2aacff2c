namespace Byline.Web.Features.Comments;

/// <summary>Size limits for comment fields, shared by validation and the database schema.</summary>
public static class CommentLimits
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int UrlMaxLength = 300;

    /// <summary>About 2,000 words; WordPress allows more, but longer comments are almost always spam or pasted logs.</summary>
    public const int BodyMaxLength = 10_000;

    /// <summary>Kestrel rejects larger comment posts before model binding.</summary>
    public const long RequestMaxBytes = 2 * 1024 * 1024;
}
