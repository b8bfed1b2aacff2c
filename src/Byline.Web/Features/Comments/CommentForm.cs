using System.Net.Mail;

namespace Byline.Web.Features.Comments;

/// <summary>The comment form as posted. Only these fields bind: status, ids, dates and the IP are the server's.</summary>
public sealed class CommentForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? Body { get; set; }
    public int? ParentId { get; set; }
    public bool SaveDetails { get; set; }

    /// <summary>The signed stamp of when the form was shown (see <see cref="CommentFormStamp"/>).</summary>
    public string? Stamp { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by bots.</summary>
    public string? Phone { get; set; }

    /// <summary>Field name → message, in form order; empty when the form is fine.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Validate()
    {
        var errors = new List<KeyValuePair<string, string>>();
        void Add(string field, string message) => errors.Add(new(field, message));

        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Add(nameof(Name), "Please enter your name.");
        }
        else if (name.Length > CommentLimits.NameMaxLength)
        {
            Add(nameof(Name), $"Your name can be at most {CommentLimits.NameMaxLength} characters.");
        }

        var email = Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            Add(nameof(Email), "Please enter your e-mail address. It is not published.");
        }
        else if (email.Length > CommentLimits.EmailMaxLength || !IsEmail(email))
        {
            Add(nameof(Email), "Please enter a valid e-mail address, like name@example.com.");
        }

        var website = Website?.Trim() ?? "";
        if (website.Length > CommentLimits.UrlMaxLength)
        {
            Add(nameof(Website), $"The website address can be at most {CommentLimits.UrlMaxLength} characters.");
        }
        else if (website.Length > 0 && NormalizeWebsite(website) is null)
        {
            Add(nameof(Website), "Please enter a website address starting with http:// or https://, or leave it empty.");
        }

        var body = Body?.Trim() ?? "";
        if (body.Length == 0)
        {
            Add(nameof(Body), "Please write a comment.");
        }
        else if (body.Length > CommentLimits.BodyMaxLength)
        {
            Add(nameof(Body), $"Your comment is {body.Length:N0} characters long; the limit is {CommentLimits.BodyMaxLength:N0}. Please shorten it.");
        }
        return errors;
    }

    /// <summary>An absolute http(s) URL, with https:// added when the visitor typed a bare host; null when it is not a web address.</summary>
    public static string? NormalizeWebsite(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
               && uri.Host.Contains('.', StringComparison.Ordinal)
               && !text.Any(char.IsWhiteSpace)
            ? uri.AbsoluteUri
            : null;
    }

    private static bool IsEmail(string value)
    {
        if (value.Any(char.IsWhiteSpace) || value.Count(c => c == '@') != 1)
        {
            return false;
        }
        return MailAddress.TryCreate(value, out var address)
               && address.Address == value
               && address.Host.Contains('.', StringComparison.Ordinal);
    }
}
