using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Spam.Akismet;

/// <summary>
/// Akismet's REST API v1.1 (https://akismet.com/developers/): every call is a form-encoded POST to
/// {Endpoint}{operation} with api_key and blog among the fields, and the answer is a short text body
/// plus X-akismet-* headers. Built for the comment path: each call is bounded by
/// <see cref="AkismetOptions.TimeoutMilliseconds"/>, and trouble on the wire becomes a verdict
/// or a log line, never an exception. Only the caller's own cancellation of a check is rethrown.
/// </summary>
public sealed partial class AkismetClient(HttpClient http, IOptions<AkismetOptions> options, ILogger<AkismetClient> logger)
{
    private static readonly Uri CommentCheck = new("comment-check", UriKind.Relative);
    private static readonly Uri SubmitSpam = new("submit-spam", UriKind.Relative);
    private static readonly Uri SubmitHam = new("submit-ham", UriKind.Relative);
    private static readonly Uri VerifyKey = new("verify-key", UriKind.Relative);

    // The documented success body of submit-spam and submit-ham.
    private const string SubmitThanks = "Thanks for making the web a better place.";

    // The protocol's own field names: a honeypot field named like one of them must not shadow it
    // (a form field called "api_key" would otherwise send a second, attacker-chosen key).
    private static readonly FrozenSet<string> ProtocolFields = new[]
    {
        "api_key", "blog", "user_ip", "user_agent", "referrer", "permalink", "comment_type", "comment_author",
        "comment_author_email", "comment_author_url", "comment_content", "comment_date_gmt", "comment_post_modified_gmt",
        "blog_lang", "blog_charset", "user_role", "is_test", "recheck_reason", "honeypot_field_name", "comment_context",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly AkismetOptions _options = options.Value;

    /// <summary>False when no API key is configured: then nothing is ever sent.</summary>
    public bool IsEnabled => _options.IsEnabled;

    /// <summary>comment-check. Unavailable (with a reason for moderators) when Akismet cannot give a verdict in time.</summary>
    public async Task<AkismetVerdict> CheckAsync(AkismetComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (!IsEnabled)
        {
            LogOff("comment-check");
            return AkismetVerdict.Unavailable("off (no API key configured)");
        }
        if (string.IsNullOrWhiteSpace(comment.UserIp))
        {
            // user_ip is the one field Akismet requires; a call without it can only fail.
            const string notAsked = "not asked, the commenter's IP address is unknown";
            LogNoAnswer("comment-check", notAsked, null);
            return AkismetVerdict.Unavailable(notAsked);
        }

        var reply = await PostAsync(CommentCheck, Fields(comment), cancellationToken);
        LogAlertIfAny(reply);
        var verdict = Interpret(reply);
        if (verdict.Kind != AkismetVerdictKind.Unavailable)
        {
            LogVerdict("comment-check", verdict.Kind);
        }
        else if (NeedsOperator(reply))
        {
            LogNeedsOperator("comment-check", Problem(reply));
        }
        else
        {
            LogNoAnswer("comment-check", Problem(reply), reply.Exception);
        }
        return verdict;
    }

    /// <summary>submit-spam (missed spam). Never throws on network trouble: failures are logged, so it is safe to fire and forget.</summary>
    public Task SubmitSpamAsync(AkismetComment comment, CancellationToken cancellationToken = default) =>
        SubmitAsync(SubmitSpam, "submit-spam", comment, cancellationToken);

    /// <summary>submit-ham (false positive). Never throws on network trouble: failures are logged, so it is safe to fire and forget.</summary>
    public Task SubmitHamAsync(AkismetComment comment, CancellationToken cancellationToken = default) =>
        SubmitAsync(SubmitHam, "submit-ham", comment, cancellationToken);

    /// <summary>verify-key: whether Akismet accepts the configured key for the configured blog URL.</summary>
    public async Task<AkismetKeyStatus> VerifyKeyAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            LogOff("verify-key");
            return AkismetKeyStatus.Unknown;
        }
        var reply = await PostAsync(VerifyKey, [Field("api_key", _options.ApiKey.Trim()), Field("blog", _options.BlogUrl.Trim())], cancellationToken);
        LogAlertIfAny(reply);
        switch (reply)
        {
            case { Failure: null, Error: null, Status: >= 200 and < 300, Body: "valid" }:
                LogAccepted("verify-key");
                return AkismetKeyStatus.Valid;
            case { Failure: null, Status: >= 200 and < 300, Body: "invalid" }:
                LogNeedsOperator("verify-key", Problem(reply));
                return AkismetKeyStatus.Invalid;
            default:
                LogNoAnswer("verify-key", Problem(reply), reply.Exception);
                return AkismetKeyStatus.Unknown;
        }
    }

    private async Task SubmitAsync(Uri operation, string name, AkismetComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (!IsEnabled)
        {
            LogOff(name);
            return;
        }
        if (string.IsNullOrWhiteSpace(comment.UserIp))
        {
            LogNoAnswer(name, "not sent, the commenter's IP address is unknown", null);
            return;
        }
        try
        {
            var reply = await PostAsync(operation, Fields(comment), cancellationToken);
            LogAlertIfAny(reply);
            if (reply is { Failure: null, Error: null, Status: >= 200 and < 300, Body: SubmitThanks })
            {
                LogAccepted(name);
            }
            else if (NeedsOperator(reply))
            {
                LogNeedsOperator(name, Problem(reply));
            }
            else
            {
                LogNoAnswer(name, Problem(reply), reply.Exception);
            }
        }
        catch (OperationCanceledException)
        {
            // Only the caller's token gets here (PostAsync turns our own timeout into a Reply); a report is never worth an exception.
            LogNoAnswer(name, "cancelled by the caller", null);
        }
    }

    /// <summary>One POST, bounded by the configured timeout; rethrows only when the caller's token was cancelled.</summary>
    private async Task<Reply> PostAsync(Uri operation, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TimeoutMilliseconds);
        try
        {
            using var content = new FormUrlEncodedContent(fields);
            using var response = await http.PostAsync(operation, content, timeout.Token);
            var body = (await response.Content.ReadAsStringAsync(timeout.Token)).Trim();
            return new Reply((int)response.StatusCode, body,
                ProTip: Header(response, "X-akismet-pro-tip"),
                DebugHelp: Header(response, "X-akismet-debug-help"),
                Error: Header(response, "X-akismet-error"),
                AlertCode: Header(response, "X-akismet-alert-code"),
                AlertMessage: Header(response, "X-akismet-alert-msg"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Reply.Failed($"timeout after {_options.TimeoutMilliseconds} ms", null);
        }
        catch (HttpRequestException e)
        {
            var kind = e.HttpRequestError == HttpRequestError.Unknown ? "unknown" : e.HttpRequestError.ToString();
            return Reply.Failed($"network error ({kind})", e);
        }
    }

    private AkismetVerdict Interpret(Reply reply) => reply switch
    {
        // "X-akismet-pro-tip: discard" marks blatant spam that can be dropped unseen (comment-check docs).
        { Failure: null, Error: null, Status: >= 200 and < 300, Body: "true" } =>
            string.Equals(reply.ProTip, "discard", StringComparison.OrdinalIgnoreCase) ? AkismetVerdict.SpamDiscard : AkismetVerdict.Spam,
        { Failure: null, Error: null, Status: >= 200 and < 300, Body: "false" } => AkismetVerdict.Ham,
        _ => AkismetVerdict.Unavailable(Problem(reply)),
    };

    /// <summary>Why a reply is not the one we wanted, in words fit for a moderator and a log.</summary>
    private string Problem(Reply reply) => reply switch
    {
        { Failure: { } failure } => failure,
        { Status: < 200 or >= 300 } => $"HTTP {reply.Status}",
        // A suspended key still answers 200 "false", with X-akismet-error set. Akismet's own
        // WordPress plugin sends such comments to moderation rather than trusting the "false".
        { Error: { } error } => $"Akismet reports an error ({Scrub(error)})",
        // "invalid": the key or the blog URL was not accepted; X-akismet-debug-help says which.
        { Body: "invalid" } => "API key or blog URL rejected" + DebugHelp(reply),
        _ => $"unexpected answer \"{Scrub(reply.Body, 40)}\"" + DebugHelp(reply),
    };

    /// <summary>A rejected key or blog URL, or an account error (e.g. suspended): nothing is checked until someone acts.</summary>
    private static bool NeedsOperator(Reply reply) =>
        reply is { Failure: null, Status: >= 200 and < 300 } && (reply.Body == "invalid" || reply.Error is not null);

    private string DebugHelp(Reply reply) => reply.DebugHelp is { } help ? $" ({Scrub(help)})" : "";

    private List<KeyValuePair<string, string>> Fields(AkismetComment comment)
    {
        var fields = new List<KeyValuePair<string, string>>(24);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(Field(name, value));
            }
        }

        Add("api_key", _options.ApiKey.Trim());
        Add("blog", _options.BlogUrl.Trim());
        Add("user_ip", comment.UserIp.Trim());
        Add("user_agent", comment.UserAgent);
        Add("referrer", comment.Referrer);
        Add("permalink", comment.Permalink);
        Add("comment_type", comment.CommentType);
        Add("comment_author", comment.Author);
        Add("comment_author_email", comment.AuthorEmail);
        Add("comment_author_url", comment.AuthorUrl);
        Add("comment_content", comment.Content);
        Add("comment_date_gmt", Iso8601(comment.DateGmt));
        Add("comment_post_modified_gmt", Iso8601(comment.PostModifiedGmt));
        Add("blog_lang", comment.BlogLanguage);
        // FormUrlEncodedContent percent-encodes UTF-8 bytes, so that is the charset to declare.
        Add("blog_charset", "UTF-8");
        Add("user_role", comment.UserRole);
        Add("is_test", _options.IsTest ? "true" : null);
        Add("recheck_reason", comment.RecheckReason);
        // The docs' honeypot convention: honeypot_field_name names the field, and its value travels under that name.
        if (!string.IsNullOrWhiteSpace(comment.HoneypotFieldName) && !ProtocolFields.Contains(comment.HoneypotFieldName))
        {
            fields.Add(Field("honeypot_field_name", comment.HoneypotFieldName));
            fields.Add(Field(comment.HoneypotFieldName, comment.HoneypotValue ?? ""));
        }
        return fields;
    }

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    // Byline stores UTC; EF reads SQLite values back as Unspecified, which must not be shifted as if local.
    private static string? Iso8601(DateTime? value) => value is { } time
        ? (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>
    /// Text from the wire goes into reasons and logs, so it is cut short, kept on one line, and never
    /// allowed to carry the API key (a debug header may well echo the request back).
    /// </summary>
    private string Scrub(string text, int max = 200)
    {
        var key = _options.ApiKey.Trim();
        if (key.Length > 0)
        {
            text = text.Replace(key, "[api key]", StringComparison.Ordinal);
        }
        text = string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
        return text.Length <= max ? text : text[..max] + "…";
    }

    private void LogAlertIfAny(Reply reply)
    {
        // Account alerts (e.g. a plan that does not cover this site) ride along with a normal answer.
        if (reply.AlertCode is not null || reply.AlertMessage is not null)
        {
            LogAlert(Scrub(reply.AlertCode ?? "", 20), Scrub(reply.AlertMessage ?? ""));
        }
    }

    private readonly record struct Reply(
        int Status, string Body, string? ProTip = null, string? DebugHelp = null, string? Error = null,
        string? AlertCode = null, string? AlertMessage = null, string? Failure = null, Exception? Exception = null)
    {
        public static Reply Failed(string failure, Exception? exception) => new(0, "", Failure: failure, Exception: exception);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Akismet is off (no API key); {Operation} not sent")]
    private partial void LogOff(string operation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Akismet {Operation}: {Verdict}")]
    private partial void LogVerdict(string operation, AkismetVerdictKind verdict);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Akismet {Operation} accepted")]
    private partial void LogAccepted(string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Akismet {Operation} gave no answer: {Reason}")]
    private partial void LogNoAnswer(string operation, string reason, Exception? exception);

    // An error, not a warning: until an operator fixes the key, the blog URL or the account, nothing is being checked.
    [LoggerMessage(Level = LogLevel.Error, Message = "Akismet {Operation}: {Reason}. Check Byline:Akismet:ApiKey, Byline:Akismet:BlogUrl and the Akismet account")]
    private partial void LogNeedsOperator(string operation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Akismet account alert {AlertCode}: {AlertMessage}")]
    private partial void LogAlert(string alertCode, string alertMessage);
}
