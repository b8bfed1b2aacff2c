using System.Globalization;
using Byline.Web.Features.Spam;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Comments.Classifier;

/// <summary>The statistical classifier's opinion: spam or hold above its thresholds, with the probability as the reason.</summary>
public sealed class ClassifierCheck(SpamModelStore store, IOptions<SpamClassifierOptions> options) : ICommentCheck
{
    public ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        if (!options.Value.Classifier || store.Classifier is not { } classifier)
        {
            return ValueTask.FromResult<CommentCheckResult?>(null);
        }
        var probability = classifier.SpamProbability(Sample(candidate.AuthorName, candidate.Body, candidate.AuthorUrl, candidate.AuthorEmail));
        var reason = string.Create(CultureInfo.InvariantCulture, $"classifier {probability:0.00}");
        CommentCheckResult? result = classifier.Thresholds.Decide(probability) switch
        {
            SpamDecision.Spam => new(CommentVerdict.Spam, reason),
            SpamDecision.Held => new(CommentVerdict.Hold, reason),
            _ => null,
        };
        return ValueTask.FromResult(result);
    }

    internal static SpamSample Sample(string author, string body, string? url, string? email) => new(author, body, url, email);
}

/// <summary>Moderators' verdicts teach the classifier, and the updated model is saved for every node.</summary>
public sealed class ClassifierFeedback(SpamModelStore store) : ICommentFeedback
{
    public Task LearnAsync(Comment comment, bool isSpam, CancellationToken cancellationToken) =>
        store.Classifier is null
            ? Task.CompletedTask
            : store.LearnAsync([new SpamExample(ClassifierCheck.Sample(comment.AuthorName, comment.Body, comment.AuthorUrl, comment.AuthorEmail), isSpam)], cancellationToken);
}
