using System.Globalization;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>The honeypot field and the form's signed time stamp: cheap, certain signs of a bot.</summary>
public sealed class FormGuardCheck(IOptions<CommentGuardOptions> options) : ICommentCheck
{
    public ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var guard = options.Value;
        CommentCheckResult? result = null;
        if (!string.IsNullOrWhiteSpace(candidate.HoneypotValue))
        {
            result = new(CommentVerdict.Spam, "the hidden honeypot field was filled in");
        }
        else if (candidate.FormShownAt is not DateTime shown)
        {
            result = new(CommentVerdict.Hold, "the form's time stamp is missing or invalid");
        }
        else
        {
            var elapsed = candidate.ReceivedAt - shown;
            if (elapsed < TimeSpan.FromSeconds(guard.MinimumSecondsToSubmit))
            {
                result = new(CommentVerdict.Spam, string.Create(CultureInfo.InvariantCulture,
                    $"posted {Math.Max(0, elapsed.TotalSeconds):0.0} s after the form was shown (minimum {guard.MinimumSecondsToSubmit} s)"));
            }
            else if (elapsed > TimeSpan.FromHours(guard.MaximumFormAgeHours))
            {
                result = new(CommentVerdict.Hold, string.Create(CultureInfo.InvariantCulture,
                    $"the form was {elapsed.TotalHours:0} hours old (maximum {guard.MaximumFormAgeHours})"));
            }
        }
        return ValueTask.FromResult(result);
    }
}
