namespace Byline.Web.Features.Spam;

/// <summary>What the classifier says should happen to a comment.</summary>
public enum SpamDecision
{
    Approved,
    Held,
    Spam,
}

/// <summary>
/// Probability cut-offs: at or above <see cref="Spam"/> a comment is spam, at or above <see cref="Hold"/>
/// it goes to a human, below it the classifier has no objection.
/// </summary>
public sealed record SpamThresholds(double Spam, double Hold)
{
    /// <summary>
    /// For the model trained on all four YouTube Spam Collection files: what
    /// <see cref="SpamEvaluation.ChooseThresholds"/> picks on them (0.8944, 0.6768), rounded up so the
    /// budgets still hold. A test recomputes them, so a change to the features cannot leave them stale.
    /// </summary>
    public static SpamThresholds Default { get; } = new(Spam: 0.895, Hold: 0.677);

    public SpamDecision Decide(double probability) =>
        probability >= Spam ? SpamDecision.Spam
        : probability >= Hold ? SpamDecision.Held
        : SpamDecision.Approved;
}
