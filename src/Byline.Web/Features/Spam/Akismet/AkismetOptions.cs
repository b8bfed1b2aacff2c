using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Spam.Akismet;

/// <summary>Deploy-time settings for the optional Akismet check, bound from <c>Byline:Akismet</c>.</summary>
public sealed class AkismetOptions
{
    public const string Section = "Byline:Akismet";

    /// <summary>The Akismet API key; empty turns the integration off.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The site's public front-page URL, sent as "blog"; required when an API key is set.</summary>
    public string BlogUrl { get; set; } = "";

    /// <summary>Base URL of Akismet's REST API v1.1; tests point it at a local server.</summary>
    public string Endpoint { get; set; } = "https://rest.akismet.com/1.1/";

    /// <summary>How long one call may take before the comment is held for a human instead.</summary>
    public int TimeoutMilliseconds { get; set; } = 1500;

    /// <summary>Send is_test=true so Akismet does not learn from these calls (staging, tests).</summary>
    public bool IsTest { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The endpoint with a trailing slash, so "comment-check" resolves beneath it rather than beside it.</summary>
    internal Uri EndpointUri => new(Endpoint.EndsWith('/') ? Endpoint : Endpoint + "/", UriKind.Absolute);
}

/// <summary>Stops the site at start with a message naming the keys, never their secret values.</summary>
public sealed class AkismetOptionsValidator : IValidateOptions<AkismetOptions>
{
    public const int MinTimeoutMilliseconds = 100;
    public const int MaxTimeoutMilliseconds = 30_000;

    public ValidateOptionsResult Validate(string? name, AkismetOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutMilliseconds is < MinTimeoutMilliseconds or > MaxTimeoutMilliseconds)
        {
            failures.Add($"{AkismetOptions.Section}:TimeoutMilliseconds must be between {MinTimeoutMilliseconds} and {MaxTimeoutMilliseconds}.");
        }
        if (!IsHttpUrl(options.Endpoint))
        {
            failures.Add($"{AkismetOptions.Section}:Endpoint must be an absolute http(s) URL, e.g. https://rest.akismet.com/1.1/.");
        }
        if (options.IsEnabled)
        {
            // Akismet's docs: "blog" is required and "must be a full URI, including http://".
            if (string.IsNullOrWhiteSpace(options.BlogUrl))
            {
                failures.Add($"{AkismetOptions.Section}:BlogUrl is required when {AkismetOptions.Section}:ApiKey is set: "
                    + "the site's public URL, e.g. https://news.example.com/.");
            }
            else if (!IsHttpUrl(options.BlogUrl))
            {
                failures.Add($"{AkismetOptions.Section}:BlogUrl must be a full URL including http:// or https://, e.g. https://news.example.com/.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
