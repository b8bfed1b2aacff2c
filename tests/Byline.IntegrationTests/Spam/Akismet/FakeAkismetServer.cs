using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Byline.IntegrationTests.Spam.Akismet;

/// <summary>What the fake server received: the path and every posted form field.</summary>
public sealed record AkismetRequest(string Path, IReadOnlyDictionary<string, string> Form, string? ContentType, string? UserAgent);

/// <summary>
/// A local Akismet on a real Kestrel socket (127.0.0.1, a port the OS picks) speaking the documented
/// v1.1 protocol: form POSTs to /1.1/{comment-check|submit-spam|submit-ham|verify-key} carrying
/// api_key and blog; answers "true"/"false"/"invalid", "valid", or the submit thanks, with the
/// X-akismet-* headers. Tests can make it slow, fail with a status, or flag an account error.
/// </summary>
public sealed class FakeAkismetServer : IAsyncDisposable
{
    public const string ValidKey = "k3y-Fake-5ecret-a1b2c3";

    /// <summary>Akismet's documented always-spam author (building-your-application docs).</summary>
    public const string GuaranteedSpamAuthor = "akismet-guaranteed-spam";

    /// <summary>The same, as an e-mail address.</summary>
    public const string GuaranteedSpamEmail = "akismet-guaranteed-spam@example.com";

    /// <summary>The older documented always-spam author, still used by many client libraries.</summary>
    public const string LegacySpamAuthor = "viagra-test-123";

    /// <summary>Content containing this is answered as blatant spam (true + X-akismet-pro-tip: discard).</summary>
    public const string BlatantMarker = "blatant-spam-marker-7731";

    public const string SubmitThanks = "Thanks for making the web a better place.";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<AkismetRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeAkismetServer(WebApplication app) => _app = app;

    /// <summary>The base address clients use, like http://127.0.0.1:41234/1.1/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<AkismetRequest> Requests => [.. _requests];

    /// <summary>How long to wait before answering (only the timeout test uses this).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer every request with this status and an empty body.</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>Answer every request with this body instead of the protocol's.</summary>
    public string? BodyOverride { get; set; }

    /// <summary>Send X-akismet-error (as for a suspended key, which still answers "false").</summary>
    public string? ErrorHeader { get; set; }

    /// <summary>Send X-akismet-alert-code / -msg along with a normal answer.</summary>
    public (string Code, string Message)? Alert { get; set; }

    public static async Task<FakeAkismetServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLogging(logging => logging.ClearProviders());
        var app = builder.Build();
        var server = new FakeAkismetServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        server.Endpoint = new Uri(address.TrimEnd('/') + "/1.1/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            // The docs: "All parameters should be sent via the POST method", form-encoded like a web form.
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        var form = await request.ReadFormAsync(context.RequestAborted);
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        _requests.Enqueue(new AkismetRequest(request.Path.Value ?? "", fields, request.ContentType, request.Headers.UserAgent.ToString()));

        if (Delay > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Delay, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (FailWithStatus is { } status)
        {
            response.StatusCode = status;
            return;
        }
        if (Alert is { } alert)
        {
            response.Headers["X-akismet-alert-code"] = alert.Code;
            response.Headers["X-akismet-alert-msg"] = alert.Message;
        }
        response.ContentType = "text/plain; charset=utf-8";
        if (BodyOverride is { } body)
        {
            await response.WriteAsync(body);
            return;
        }
        await response.WriteAsync(Answer(request.Path.Value ?? "", fields, response));
    }

    private string Answer(string path, Dictionary<string, string> fields, HttpResponse response)
    {
        var operation = path.StartsWith("/1.1/", StringComparison.Ordinal) ? path["/1.1/".Length..] : "";
        if (operation is not ("comment-check" or "submit-spam" or "submit-ham" or "verify-key"))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return "";
        }
        var required = operation == "verify-key" ? ["api_key", "blog"] : new[] { "api_key", "blog", "user_ip" };
        if (required.FirstOrDefault(name => string.IsNullOrEmpty(fields.GetValueOrDefault(name))) is { } missing)
        {
            response.Headers["X-akismet-debug-help"] = $"Empty \"{missing}\" value";
            return $"Missing required field: {missing}.";
        }
        if (fields["api_key"] != ValidKey)
        {
            // Echo the key back, as a careless server might: the client must keep it out of reasons and logs.
            response.Headers["X-akismet-debug-help"] = $"The API key {fields["api_key"]} is not valid for {fields["blog"]}";
            return "invalid";
        }
        if (ErrorHeader is { } error)
        {
            response.Headers["X-akismet-error"] = error;
            return operation == "verify-key" ? "invalid" : "false";
        }
        switch (operation)
        {
            case "verify-key":
                return "valid";
            case "submit-spam" or "submit-ham":
                return SubmitThanks;
        }
        var content = fields.GetValueOrDefault("comment_content") ?? "";
        var author = fields.GetValueOrDefault("comment_author");
        if (fields.GetValueOrDefault("user_role") == "administrator")
        {
            return "false";
        }
        if (content.Contains(BlatantMarker, StringComparison.Ordinal))
        {
            response.Headers["X-akismet-pro-tip"] = "discard";
            return "true";
        }
        var spam = author is GuaranteedSpamAuthor or LegacySpamAuthor
            || fields.GetValueOrDefault("comment_author_email") == GuaranteedSpamEmail
            || content.Contains(LegacySpamAuthor, StringComparison.Ordinal);
        return spam ? "true" : "false";
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
