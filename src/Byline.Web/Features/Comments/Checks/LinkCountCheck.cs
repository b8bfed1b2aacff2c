using System.Text.RegularExpressions;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>Holds comments with more links than the site allows: link count is spam's most common trait.</summary>
public sealed partial class LinkCountCheck(SiteSettingsProvider settings) : ICommentCheck
{
    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var max = (await settings.GetAsync(cancellationToken)).Settings.MaxLinksBeforeHold;
        var links = CountLinks(candidate.Body);
        return links > max ? new CommentCheckResult(CommentVerdict.Hold, links == 1 ? "1 link" : $"{links} links") : null;
    }

    internal static int CountLinks(string text) => Link().Count(text);

    [GeneratedRegex(@"(https?://|www\.)\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
