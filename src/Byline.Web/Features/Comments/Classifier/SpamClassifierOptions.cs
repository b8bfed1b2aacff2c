namespace Byline.Web.Features.Comments.Classifier;

/// <summary>The <c>Byline:Spam</c> configuration section.</summary>
public sealed class SpamClassifierOptions
{
    public const string Section = "Byline:Spam";

    /// <summary>Let the statistical classifier hold or mark comments; off leaves the rule-based checks alone.</summary>
    public bool Classifier { get; set; } = true;
}
