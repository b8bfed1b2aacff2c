namespace Byline.Web.Features.Spam.Akismet;

public enum AkismetVerdictKind
{
    /// <summary>Akismet answered "false": not spam.</summary>
    Ham,

    /// <summary>Akismet answered "true": spam, worth a moderator's glance.</summary>
    Spam,

    /// <summary>"true" with X-akismet-pro-tip: discard: blatant spam, safe to drop unseen.</summary>
    SpamDiscard,

    /// <summary>No verdict (off, timeout, network, rejected key, error): let a human decide.</summary>
    Unavailable,
}

/// <summary>What Akismet said about a comment, with a reason a moderator can read.</summary>
public sealed record AkismetVerdict(AkismetVerdictKind Kind, string Reason)
{
    public static AkismetVerdict Ham { get; } = new(AkismetVerdictKind.Ham, "Akismet: not spam");
    public static AkismetVerdict Spam { get; } = new(AkismetVerdictKind.Spam, "Akismet: spam");
    public static AkismetVerdict SpamDiscard { get; } = new(AkismetVerdictKind.SpamDiscard, "Akismet: blatant spam");

    public static AkismetVerdict Unavailable(string why) => new(AkismetVerdictKind.Unavailable, "Akismet unavailable: " + why);

    public bool IsSpam => Kind is AkismetVerdictKind.Spam or AkismetVerdictKind.SpamDiscard;
}

/// <summary>The answer of verify-key.</summary>
public enum AkismetKeyStatus
{
    Valid,
    Invalid,

    /// <summary>No answer: off, timeout, network error or an unexpected reply (the reason is logged).</summary>
    Unknown,
}
