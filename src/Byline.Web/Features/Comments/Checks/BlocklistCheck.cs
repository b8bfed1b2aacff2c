using System.Net;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>
/// The site's own lists: blocked words, e-mail addresses, IP addresses and URL fragments hold or
/// mark spam (a setting); allowed e-mail or IP addresses are approved at once.
/// </summary>
public sealed class BlocklistCheck(SiteSettingsProvider settings) : ICommentCheck
{
    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var blocked = Entries(site.BlockedTerms).FirstOrDefault(term => Matches(term, candidate, anywhere: true));
        if (blocked is not null)
        {
            var verdict = site.BlockedTermAction == BlockedTermAction.Spam ? CommentVerdict.Spam : CommentVerdict.Hold;
            return new CommentCheckResult(verdict, $"blocked term \"{blocked}\"");
        }
        return Entries(site.AllowedCommenters).Any(entry => Matches(entry, candidate, anywhere: false))
            ? new CommentCheckResult(CommentVerdict.Approve, "on the allow list")
            : null;
    }

    /// <summary>One entry a line; blank lines and lines starting with # are ignored.</summary>
    internal static IEnumerable<string> Entries(string list) =>
        list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0 && !line.StartsWith('#'));

    /// <summary>
    /// An IP address matches the commenter's address, an e-mail address (or "@domain") the commenter's
    /// e-mail; anything else, when <paramref name="anywhere"/>, is looked for in the name, e-mail, website and text.
    /// </summary>
    internal static bool Matches(string entry, CommentCandidate candidate, bool anywhere)
    {
        if (IPAddress.TryParse(entry, out var ip))
        {
            return candidate.IpAddress is not null && IPAddress.TryParse(candidate.IpAddress, out var from) && from.Equals(ip);
        }
        if (entry.Contains('@', StringComparison.Ordinal))
        {
            return entry.StartsWith('@')
                ? candidate.AuthorEmail.EndsWith(entry, StringComparison.OrdinalIgnoreCase)
                : string.Equals(candidate.AuthorEmail, entry, StringComparison.OrdinalIgnoreCase);
        }
        return anywhere
               && (candidate.Body.Contains(entry, StringComparison.OrdinalIgnoreCase)
                   || candidate.AuthorName.Contains(entry, StringComparison.OrdinalIgnoreCase)
                   || candidate.AuthorEmail.Contains(entry, StringComparison.OrdinalIgnoreCase)
                   || (candidate.AuthorUrl?.Contains(entry, StringComparison.OrdinalIgnoreCase) ?? false));
    }
}
