namespace Byline.Web.Features.Audit;

/// <summary>Who did what and when, for administrators. Never holds secrets or commenters' e-mail addresses.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int? UserId { get; set; }

    /// <summary>Kept by name so the log survives deleted accounts.</summary>
    public required string UserName { get; set; }

    /// <summary>A short verb phrase: <c>article.publish</c>, <c>comment.approve</c>, <c>user.create</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, readable: "article 12 “Mission Bangkok”".</summary>
    public required string Subject { get; set; }
    public string? Details { get; set; }
}
