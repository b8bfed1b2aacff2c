using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Byline.Web.Features.Import;

/// <summary>
/// Turns WordPress post HTML into what Byline stores as the body source: block comments removed,
/// the common shortcodes turned into markup, links to the old site made local. The result still goes
/// through the article pipeline (Markdig, then the sanitizer) — nothing here is trusted.
/// </summary>
public static partial class WordPressContent
{
    [GeneratedRegex(@"<!--\s*/?wp:[^>]*?-->", RegexOptions.CultureInvariant)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"\[caption(?<attrs>[^\]]*)\](?<body>.*?)\[/caption\]", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Caption();

    [GeneratedRegex(@"\[embed(?<attrs>[^\]]*)\](?<url>.*?)\[/embed\]", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Embed();

    [GeneratedRegex(@"\[(?<kind>video|audio)(?<attrs>[^\]]*)\](?:(?<inner>.*?)\[/\k<kind>\])?", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Media();

    [GeneratedRegex(@"\[gallery(?<attrs>[^\]]*)\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Gallery();

    [GeneratedRegex(@"(?<name>[a-zA-Z0-9_-]+)\s*=\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s\]]+))", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"(?<prefix>href\s*=\s*[""'])(?<url>[^""']*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Href();

    [GeneratedRegex(@"^(?<media>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?<caption>.*)$", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionedImage();

    private static readonly string[] MediaSourceKeys = ["src", "mp4", "webm", "ogv", "m4v", "mp3", "ogg", "wav", "m4a"];

    public static Dictionary<string, string> Attributes(string attrs) =>
        Attribute().Matches(attrs).GroupBy(m => m.Groups["name"].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["v"].Value), StringComparer.Ordinal);

    private static string Attr(string value) => WebUtility.HtmlEncode(value);

    /// <param name="html">The post's HTML as exported.</param>
    /// <param name="attachments">Attachment id → URL, for galleries.</param>
    /// <param name="resolveLink">An absolute link to the old site → the local path it becomes (or null to leave it).</param>
    /// <param name="warnings">Receives what could not be converted.</param>
    public static string Convert(string html, IReadOnlyDictionary<string, string> attachments, Func<string, string?> resolveLink, ICollection<string> warnings)
    {
        var text = BlockComment().Replace(html, "");
        text = Caption().Replace(text, m =>
        {
            var body = m.Groups["body"].Value.Trim();
            var attrs = Attributes(m.Groups["attrs"].Value);
            var figure = CaptionedImage().Match(body);
            var media = figure.Success ? figure.Groups["media"].Value : "";
            var rest = figure.Success ? figure.Groups["caption"].Value.Trim() : body;
            var caption = rest.Length > 0 ? rest : attrs.GetValueOrDefault("caption", "");
            return $"\n\n<figure>{media}{(caption.Length > 0 ? $"<figcaption>{caption}</figcaption>" : "")}</figure>\n\n";
        });
        text = Embed().Replace(text, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value.Trim());
            return IsWebUrl(url) ? $"\n\n<p><a href=\"{Attr(url)}\">{WebUtility.HtmlEncode(url)}</a></p>\n\n" : "";
        });
        text = Media().Replace(text, m =>
        {
            var kind = m.Groups["kind"].Value.ToLowerInvariant();
            var attrs = Attributes(m.Groups["attrs"].Value);
            var sources = MediaSourceKeys.Select(k => attrs.GetValueOrDefault(k)).Where(u => u is not null && IsWebUrl(u)).Cast<string>().Distinct().ToList();
            if (sources.Count == 0)
            {
                warnings.Add($"a [{kind}] shortcode without a usable source was removed");
                return "";
            }
            var builder = new StringBuilder($"\n\n<{kind} controls src=\"{Attr(sources[0])}\">");
            builder.Append(CultureInvariant($"<a href=\"{Attr(sources[0])}\">{WebUtility.HtmlEncode(sources[0])}</a>"));
            builder.Append($"</{kind}>\n\n");
            return builder.ToString();
        });
        text = Gallery().Replace(text, m =>
        {
            var attrs = Attributes(m.Groups["attrs"].Value);
            var ids = attrs.GetValueOrDefault("ids", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var urls = ids.Select(id => attachments.GetValueOrDefault(id)).Where(u => u is not null).Cast<string>().ToList();
            if (urls.Count == 0)
            {
                warnings.Add("a [gallery] shortcode whose images are not in the file was removed");
                return "";
            }
            var builder = new StringBuilder("\n\n<figure class=\"gallery\">");
            foreach (var url in urls)
            {
                builder.Append($"<a href=\"{Attr(url)}\"><img src=\"{Attr(url)}\" alt=\"\"></a>");
            }
            return builder.Append("</figure>\n\n").ToString();
        });
        text = Href().Replace(text, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            return resolveLink(url) is { } local ? m.Groups["prefix"].Value + Attr(local) : m.Value;
        });
        return text.Trim();
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
