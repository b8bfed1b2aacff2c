using System.Xml;
using System.Xml.Linq;

namespace Byline.Web.Features.Import;

public sealed record WxrAuthor(string Login, string? Email, string DisplayName);

public sealed record WxrTerm(string Kind, string Slug, string Name, string? Parent, string? Description);

public sealed record WxrComment(string Id, string? Parent, string Author, string? Email, string? Url, string? Ip,
    DateTime? DateGmt, string Content, string Approved, string Type);

public sealed record WxrItem(int LineNumber, string Id, string Title, string? Link, string? Creator, string Content, string? Excerpt,
    string PostType, string? Status, string? PostName, DateTime? DateGmt, DateTime? DateLocal, bool Sticky, string? Password,
    string CommentStatus, int MenuOrder, string? AttachmentUrl, IReadOnlyList<(string Domain, string Slug, string Name)> Terms,
    IReadOnlyList<(string Key, string Value)> Meta, IReadOnlyList<WxrComment> Comments);

/// <summary>The channel header: read before the first item.</summary>
public sealed class WxrChannel
{
    public string? Version { get; set; }
    public string? BaseSiteUrl { get; set; }
    public string? BaseBlogUrl { get; set; }
    public string? Link { get; set; }
    public List<WxrAuthor> Authors { get; } = [];
    public List<WxrTerm> Terms { get; } = [];
}

/// <summary>
/// Reads a WordPress eXtended RSS file (WXR 1.0–1.2, <c>wp</c> namespace over http or https) as a stream:
/// the channel header first, then one item at a time, so memory does not grow with the file.
/// No DTDs, no external entities.
/// </summary>
public static class WxrReader
{
    public static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = false,
        Async = false,
    };

    public static bool IsWordPressNamespace(string ns) =>
        ns.StartsWith("http://wordpress.org/export/", StringComparison.OrdinalIgnoreCase)
        || ns.StartsWith("https://wordpress.org/export/", StringComparison.OrdinalIgnoreCase);

    private static bool IsExcerptNamespace(string ns) => IsWordPressNamespace(ns) && ns.Contains("/excerpt", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Calls <paramref name="onHeader"/> once when the first item (or the end of the channel) is reached, then yields items.
    /// Throws <see cref="XmlException"/> (with a line number) on a file that is not well-formed.
    /// </summary>
    public static IEnumerable<WxrItem> Read(Stream stream, WxrChannel channel, Action onHeader)
    {
        using var reader = XmlReader.Create(stream, Settings);
        var info = (IXmlLineInfo)reader;
        var headerDone = false;
        var sawRss = false;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            var depth = reader.Depth;
            var name = reader.LocalName;
            var ns = reader.NamespaceURI;
            if (depth == 0)
            {
                if (name != "rss")
                {
                    throw new XmlException($"This is not a WordPress export: the document starts with <{reader.Name}>, not <rss>.", null, info.LineNumber, info.LinePosition);
                }
                sawRss = true;
                reader.Read();
                continue;
            }
            if (name == "channel" && ns.Length == 0)
            {
                reader.Read();
                continue;
            }
            if (depth != 2)
            {
                reader.Read();
                continue;
            }
            if (name == "item" && ns.Length == 0)
            {
                if (!headerDone)
                {
                    headerDone = true;
                    onHeader();
                }
                var line = info.LineNumber;
                var element = (XElement)XNode.ReadFrom(reader);
                yield return ParseItem(element, line);
                continue;
            }
            if (IsWordPressNamespace(ns))
            {
                var element = (XElement)XNode.ReadFrom(reader);
                switch (name)
                {
                    case "wxr_version": channel.Version = element.Value.Trim(); break;
                    case "base_site_url": channel.BaseSiteUrl = element.Value.Trim(); break;
                    case "base_blog_url": channel.BaseBlogUrl = element.Value.Trim(); break;
                    case "author":
                        var login = Child(element, "author_login");
                        if (!string.IsNullOrWhiteSpace(login))
                        {
                            var display = Child(element, "author_display_name");
                            channel.Authors.Add(new WxrAuthor(login.Trim(), NullIfEmpty(Child(element, "author_email")),
                                string.IsNullOrWhiteSpace(display) ? login.Trim() : display.Trim()));
                        }
                        break;
                    case "category":
                        AddTerm(channel, "category", Child(element, "category_nicename"), Child(element, "cat_name"),
                            Child(element, "category_parent"), Child(element, "category_description"));
                        break;
                    case "tag":
                        AddTerm(channel, "tag", Child(element, "tag_slug"), Child(element, "tag_name"), null, Child(element, "tag_description"));
                        break;
                    default: break; // wp:term (custom taxonomies), etc.
                }
                continue;
            }
            if (name == "link" && ns.Length == 0)
            {
                channel.Link = ((XElement)XNode.ReadFrom(reader)).Value.Trim();
                continue;
            }
            reader.Skip();
        }
        if (!sawRss)
        {
            throw new XmlException("This is not a WordPress export: there is no <rss> element.");
        }
        if (!headerDone)
        {
            onHeader();
        }
    }

    private static void AddTerm(WxrChannel channel, string kind, string? slug, string? name, string? parent, string? description)
    {
        slug = slug?.Trim();
        if (string.IsNullOrEmpty(slug))
        {
            return;
        }
        channel.Terms.Add(new WxrTerm(kind, slug, string.IsNullOrWhiteSpace(name) ? slug : name.Trim(), NullIfEmpty(parent?.Trim()), NullIfEmpty(description?.Trim())));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Child(XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsWordPressNamespace(e.Name.NamespaceName))?.Value;

    private static WxrItem ParseItem(XElement item, int line)
    {
        string? Plain(string localName) => item.Elements().FirstOrDefault(e => e.Name.LocalName == localName && e.Name.NamespaceName.Length == 0)?.Value;
        string? Wp(string localName) => Child(item, localName);
        var content = item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && e.Name.NamespaceName == "http://purl.org/rss/1.0/modules/content/")?.Value;
        var excerpt = item.Elements().FirstOrDefault(e => e.Name.LocalName == "encoded" && IsExcerptNamespace(e.Name.NamespaceName))?.Value;
        var creator = item.Elements().FirstOrDefault(e => e.Name.LocalName == "creator")?.Value;
        var terms = item.Elements().Where(e => e.Name.LocalName == "category" && e.Name.NamespaceName.Length == 0)
            .Select(e => ((string?)e.Attribute("domain") ?? "category", ((string?)e.Attribute("nicename"))?.Trim() ?? "", e.Value.Trim()))
            .Where(t => t.Item2.Length > 0 || t.Item3.Length > 0)
            .ToList();
        var meta = item.Elements().Where(e => e.Name.LocalName == "postmeta" && IsWordPressNamespace(e.Name.NamespaceName))
            .Select(e => (Child(e, "meta_key") ?? "", Child(e, "meta_value") ?? ""))
            .ToList();
        var comments = item.Elements().Where(e => e.Name.LocalName == "comment" && IsWordPressNamespace(e.Name.NamespaceName))
            .Select(e => new WxrComment(
                (Child(e, "comment_id") ?? "").Trim(),
                NullIfZero(Child(e, "comment_parent")),
                Child(e, "comment_author")?.Trim() ?? "",
                NullIfEmpty(Child(e, "comment_author_email")?.Trim()),
                NullIfEmpty(Child(e, "comment_author_url")?.Trim()),
                NullIfEmpty(Child(e, "comment_author_IP")?.Trim()),
                ParseDate(Child(e, "comment_date_gmt")) ?? ParseDate(Child(e, "comment_date")),
                Child(e, "comment_content") ?? "",
                (Child(e, "comment_approved") ?? "").Trim(),
                (Child(e, "comment_type") ?? "").Trim()))
            .ToList();
        _ = int.TryParse(Wp("menu_order"), System.Globalization.CultureInfo.InvariantCulture, out var menuOrder);
        var sticky = Wp("is_sticky")?.Trim() == "1";
        return new WxrItem(line, (Wp("post_id") ?? "").Trim(), Plain("title")?.Trim() ?? "", NullIfEmpty(Plain("link")?.Trim()), NullIfEmpty(creator?.Trim()),
            content ?? "", NullIfEmpty(excerpt), NullIfEmpty(Wp("post_type")?.Trim()) ?? "post", NullIfEmpty(Wp("status")?.Trim()),
            NullIfEmpty(Wp("post_name")?.Trim()), ParseDate(Wp("post_date_gmt")), ParseDate(Wp("post_date")), sticky,
            NullIfEmpty(Wp("post_password")), (Wp("comment_status") ?? "open").Trim(), menuOrder,
            NullIfEmpty(Wp("attachment_url")?.Trim()), terms, meta, comments);
    }

    private static string? NullIfZero(string? value) => string.IsNullOrWhiteSpace(value) || value.Trim() == "0" ? null : value.Trim();

    public static DateTime? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("0000", StringComparison.Ordinal))
        {
            return null;
        }
        return DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;
    }
}
