namespace Byline.Web.Features.Comments;

/// <summary>What a moderator may change in a comment: who it is from (name, website) and its text.</summary>
public sealed class CommentEdit
{
    public string? Name { get; set; }
    public string? Website { get; set; }
    public string? Body { get; set; }

    /// <summary>Field name → message, in form order; the same limits as the public form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Validate()
    {
        var errors = new List<KeyValuePair<string, string>>();
        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new(nameof(Name), "Enter the commenter's name."));
        }
        else if (name.Length > CommentLimits.NameMaxLength)
        {
            errors.Add(new(nameof(Name), $"The name is {name.Length:N0} characters long; the limit is {CommentLimits.NameMaxLength:N0}."));
        }

        var website = Website?.Trim() ?? "";
        if (website.Length > CommentLimits.UrlMaxLength)
        {
            errors.Add(new(nameof(Website), $"The website address is {website.Length:N0} characters long; the limit is {CommentLimits.UrlMaxLength:N0}."));
        }
        else if (website.Length > 0 && CommentForm.NormalizeWebsite(website) is null)
        {
            errors.Add(new(nameof(Website), "Enter a website address starting with http:// or https://, or leave it empty."));
        }

        if (BodyError(Body) is { } bodyError)
        {
            errors.Add(new(nameof(Body), bodyError));
        }
        return errors;
    }

    /// <summary>The message for an empty or oversized comment text, or null when it is fine (also used for staff replies).</summary>
    public static string? BodyError(string? body)
    {
        var text = body?.Trim() ?? "";
        return text.Length == 0 ? "The comment text cannot be empty."
            : text.Length > CommentLimits.BodyMaxLength
                ? $"The comment is {text.Length:N0} characters long; the limit is {CommentLimits.BodyMaxLength:N0}. Please shorten it."
                : null;
    }
}
