using System.Diagnostics;
using System.Globalization;
using Byline.Web.Features.Spam.Akismet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Byline.IntegrationTests.Spam.Akismet;

/// <summary>The real client, registered by AddAkismet, against a local server speaking Akismet's protocol.</summary>
public sealed class AkismetClientTests : IAsyncLifetime
{
    private const string Blog = "https://news.example.com/";
    private const string Email = "ada@example.org";

    private readonly CapturedLogs _logs = new();
    private readonly List<ServiceProvider> _providers = [];
    private FakeAkismetServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAkismetServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Comment_check_posts_every_documented_parameter_under_its_documented_name()
    {
        var client = Client(isTest: true);

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Ham, verdict.Kind);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/1.1/comment-check", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("Byline/", request.UserAgent, StringComparison.Ordinal);
        Assert.Equal(Sorted(new Dictionary<string, string>
        {
            ["api_key"] = FakeAkismetServer.ValidKey,
            ["blog"] = Blog,
            ["user_ip"] = "203.0.113.7",
            ["user_agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
            ["referrer"] = "https://news.example.com/2026/11/harbour-plans?utm_source=feed&x=1",
            ["permalink"] = "https://news.example.com/2026/11/harbour-plans",
            ["comment_type"] = "comment",
            ["comment_author"] = "Ada Lovelace",
            ["comment_author_email"] = Email,
            ["comment_author_url"] = "https://ada.example.org/",
            ["comment_content"] = "Grüße aus Zürich — 5 < 6 & a=b + c; “quoted” 🙂",
            ["comment_date_gmt"] = "2026-11-20T09:30:05Z",
            ["comment_post_modified_gmt"] = "2026-11-19T17:00:00Z",
            ["blog_lang"] = "en, de",
            ["blog_charset"] = "UTF-8",
            ["user_role"] = "guest",
            ["is_test"] = "true",
            ["recheck_reason"] = "edit",
            ["honeypot_field_name"] = "hp_website",
            ["hp_website"] = "http://bot.example/",
        }), Sorted(request.Form));
    }

    [Fact]
    public async Task Optional_parameters_left_empty_are_not_sent_and_is_test_only_when_configured()
    {
        var client = Client(isTest: false);

        await client.CheckAsync(new AkismetComment { UserIp = "198.51.100.4", Content = "Short and sweet." }, CancellationToken.None);

        var form = Assert.Single(_server.Requests).Form;
        Assert.Equal(["api_key", "blog", "blog_charset", "comment_content", "user_ip"], form.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(FakeAkismetServer.GuaranteedSpamAuthor, null, "A perfectly normal remark.", AkismetVerdictKind.Spam)]
    [InlineData("Ada", FakeAkismetServer.GuaranteedSpamEmail, "A perfectly normal remark.", AkismetVerdictKind.Spam)]
    [InlineData(FakeAkismetServer.LegacySpamAuthor, null, "A perfectly normal remark.", AkismetVerdictKind.Spam)]
    [InlineData("Ada", null, "Cheap pills " + FakeAkismetServer.BlatantMarker, AkismetVerdictKind.SpamDiscard)]
    [InlineData("Ada", null, "I enjoyed the piece on the harbour plans.", AkismetVerdictKind.Ham)]
    public async Task Answers_map_to_ham_spam_and_discard(string author, string? email, string content, AkismetVerdictKind expected)
    {
        var client = Client();

        var verdict = await client.CheckAsync(FullComment() with { Author = author, AuthorEmail = email, Content = content }, CancellationToken.None);

        Assert.Equal(expected, verdict.Kind);
        Assert.Equal(expected != AkismetVerdictKind.Ham, verdict.IsSpam);
        Assert.StartsWith("Akismet: ", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_is_ham_even_with_the_spam_test_author()
    {
        var client = Client();

        var verdict = await client.CheckAsync(FullComment() with { Author = FakeAkismetServer.GuaranteedSpamAuthor, UserRole = "administrator" }, CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Ham, verdict.Kind);
    }

    [Fact]
    public async Task A_rejected_key_is_unavailable_with_a_reason_and_an_error_in_the_log()
    {
        var client = Client(apiKey: "wr0ng-Key-zz99");

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.StartsWith("Akismet unavailable: API key or blog URL rejected (The API key [api key] is not valid for https://news.example.com/)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("Byline:Akismet:ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_akismet_is_unavailable_once_the_timeout_passes()
    {
        var client = Client(timeoutMilliseconds: 1000);
        // Warm up (JIT, connection) so the measured call is the slow answer alone.
        await client.CheckAsync(FullComment(), CancellationToken.None);
        _server.Delay = TimeSpan.FromMinutes(1);

        var clock = Stopwatch.StartNew();
        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);
        clock.Stop();

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.Equal("Akismet unavailable: timeout after 1000 ms", verdict.Reason);
        // Generous bound: the point is "about the timeout", not "a minute".
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_error_is_unavailable()
    {
        var client = Client();
        _server.FailWithStatus = 500;

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(new AkismetVerdict(AkismetVerdictKind.Unavailable, "Akismet unavailable: HTTP 500"), verdict);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unexpected_body_is_unavailable()
    {
        var client = Client();
        _server.BodyOverride = "maybe";

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.Equal("Akismet unavailable: unexpected answer \"maybe\"", verdict.Reason);
    }

    [Fact]
    public async Task An_akismet_error_header_outweighs_a_false_answer()
    {
        var client = Client();
        _server.ErrorHeader = "suspended";

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.Equal("Akismet unavailable: Akismet reports an error (suspended)", verdict.Reason);
    }

    [Fact]
    public async Task An_account_alert_is_logged_without_changing_the_verdict()
    {
        var client = Client();
        _server.Alert = ("10001", "Your plan does not cover this site");

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Ham, verdict.Kind);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("10001: Your plan does not cover this site", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_unavailable()
    {
        var gone = await FakeAkismetServer.StartAsync();
        var endpoint = gone.Endpoint;
        await gone.DisposeAsync();
        var client = Client(endpoint: endpoint);

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.StartsWith("Akismet unavailable: network error", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_of_a_check_is_rethrown_but_never_from_a_submit()
    {
        var client = Client();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CheckAsync(FullComment(), cancelled.Token));
        await client.SubmitSpamAsync(FullComment(), cancelled.Token);
        await client.SubmitHamAsync(FullComment(), cancelled.Token);
    }

    [Fact]
    public async Task A_comment_without_an_ip_address_is_not_sent()
    {
        var client = Client();

        var verdict = await client.CheckAsync(FullComment() with { UserIp = " " }, CancellationToken.None);
        await client.SubmitSpamAsync(FullComment() with { UserIp = "" });

        Assert.Equal(AkismetVerdictKind.Unavailable, verdict.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_honeypot_field_named_like_a_protocol_parameter_cannot_shadow_it()
    {
        var client = Client();

        await client.CheckAsync(FullComment() with { HoneypotFieldName = "api_key", HoneypotValue = "attacker-chosen" }, CancellationToken.None);

        var form = Assert.Single(_server.Requests).Form;
        Assert.Equal(FakeAkismetServer.ValidKey, form["api_key"]);
        Assert.False(form.ContainsKey("honeypot_field_name"));
    }

    [Fact]
    public async Task Submit_spam_and_submit_ham_post_the_checks_fields_to_their_own_endpoints()
    {
        var client = Client(isTest: true);
        var comment = FullComment();

        await client.CheckAsync(comment, CancellationToken.None);
        await client.SubmitSpamAsync(comment);
        await client.SubmitHamAsync(comment);

        var requests = _server.Requests;
        Assert.Equal(["/1.1/comment-check", "/1.1/submit-spam", "/1.1/submit-ham"], requests.Select(r => r.Path));
        // Akismet matches reports to the original check by their values, so they must be the same.
        Assert.Equal(Sorted(requests[0].Form), Sorted(requests[1].Form));
        Assert.Equal(Sorted(requests[0].Form), Sorted(requests[2].Form));
        Assert.Contains(_logs.Entries, e => e.Text.StartsWith("Akismet submit-spam accepted", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Text.StartsWith("Akismet submit-ham accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failed_submissions_are_logged_not_thrown_and_end_with_the_timeout()
    {
        var client = Client(timeoutMilliseconds: 1000);
        _server.FailWithStatus = 503;
        await client.SubmitSpamAsync(FullComment());
        _server.FailWithStatus = null;
        _server.Delay = TimeSpan.FromMinutes(1);

        var clock = Stopwatch.StartNew();
        await client.SubmitHamAsync(FullComment());
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(AkismetClient), StringComparison.Ordinal)).Select(e => e.Text).ToList();
        Assert.Contains(warnings, w => w.StartsWith("Akismet submit-spam gave no answer: HTTP 503", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Akismet submit-ham gave no answer: timeout after 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_key_tells_a_valid_key_from_an_invalid_one()
    {
        Assert.Equal(AkismetKeyStatus.Valid, await Client().VerifyKeyAsync(CancellationToken.None));
        Assert.Equal(AkismetKeyStatus.Invalid, await Client(apiKey: "not-a-real-key").VerifyKeyAsync(CancellationToken.None));

        Assert.All(_server.Requests, r => Assert.Equal("/1.1/verify-key", r.Path));
        Assert.Equal(["api_key", "blog"], _server.Requests[0].Form.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_an_api_key_the_client_is_off_and_sends_nothing()
    {
        var client = Client(apiKey: "");

        var verdict = await client.CheckAsync(FullComment(), CancellationToken.None);
        await client.SubmitSpamAsync(FullComment());
        await client.SubmitHamAsync(FullComment());
        var key = await client.VerifyKeyAsync(CancellationToken.None);

        Assert.False(client.IsEnabled);
        Assert.Equal(new AkismetVerdict(AkismetVerdictKind.Unavailable, "Akismet unavailable: off (no API key configured)"), verdict);
        Assert.Equal(AkismetKeyStatus.Unknown, key);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task The_api_key_and_the_email_address_never_reach_the_logs_or_the_reasons()
    {
        const string wrongKey = "wr0ng-Key-zz99";
        var client = Client(timeoutMilliseconds: 1000);
        var reasons = new List<string>
        {
            (await client.CheckAsync(FullComment(), CancellationToken.None)).Reason,
            (await client.CheckAsync(FullComment() with { Author = FakeAkismetServer.GuaranteedSpamAuthor }, CancellationToken.None)).Reason,
            (await Client(apiKey: wrongKey).CheckAsync(FullComment(), CancellationToken.None)).Reason,
        };
        await Client(apiKey: wrongKey).VerifyKeyAsync(CancellationToken.None);
        await client.SubmitSpamAsync(FullComment());
        _server.Alert = ("10003", "Key " + FakeAkismetServer.ValidKey + " is over quota");
        _server.ErrorHeader = "key " + FakeAkismetServer.ValidKey + " suspended";
        reasons.Add((await client.CheckAsync(FullComment(), CancellationToken.None)).Reason);
        _server.ErrorHeader = null;
        _server.BodyOverride = "bad key " + FakeAkismetServer.ValidKey;
        reasons.Add((await client.CheckAsync(FullComment(), CancellationToken.None)).Reason);
        _server.BodyOverride = null;
        _server.FailWithStatus = 500;
        reasons.Add((await client.CheckAsync(FullComment(), CancellationToken.None)).Reason);
        await client.SubmitHamAsync(FullComment());
        _server.FailWithStatus = null;
        _server.Delay = TimeSpan.FromMinutes(1);
        reasons.Add((await client.CheckAsync(FullComment(), CancellationToken.None)).Reason);

        var logs = _logs.Entries;
        Assert.Contains(logs, e => e.Level == LogLevel.Error);
        Assert.Contains(logs, e => e.Level == LogLevel.Warning && e.Text.Contains("[api key]", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        foreach (var text in logs.Select(e => e.Text).Concat(reasons))
        {
            Assert.DoesNotContain(FakeAkismetServer.ValidKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_comment_prints_without_its_email_or_ip_address()
    {
        var printed = FullComment().ToString();

        Assert.DoesNotContain(Email, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", printed, StringComparison.Ordinal);
        Assert.Contains("https://news.example.com/2026/11/harbour-plans", printed, StringComparison.Ordinal);
    }

    private static AkismetComment FullComment() => new()
    {
        UserIp = "203.0.113.7",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
        Referrer = "https://news.example.com/2026/11/harbour-plans?utm_source=feed&x=1",
        Permalink = "https://news.example.com/2026/11/harbour-plans",
        CommentType = "comment",
        Author = "Ada Lovelace",
        AuthorEmail = Email,
        AuthorUrl = "https://ada.example.org/",
        Content = "Grüße aus Zürich — 5 < 6 & a=b + c; “quoted” 🙂",
        DateGmt = new DateTime(2026, 11, 20, 9, 30, 5, DateTimeKind.Utc),
        // As EF reads it back from SQLite: UTC by convention, Kind unspecified.
        PostModifiedGmt = new DateTime(2026, 11, 19, 17, 0, 0, DateTimeKind.Unspecified),
        BlogLanguage = "en, de",
        UserRole = "guest",
        HoneypotFieldName = "hp_website",
        HoneypotValue = "http://bot.example/",
        RecheckReason = "edit",
    };

    private AkismetClient Client(string apiKey = FakeAkismetServer.ValidKey, int timeoutMilliseconds = 1500, bool isTest = false, Uri? endpoint = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Byline:Akismet:ApiKey"] = apiKey,
            ["Byline:Akismet:BlogUrl"] = Blog,
            ["Byline:Akismet:Endpoint"] = (endpoint ?? _server.Endpoint).ToString(),
            ["Byline:Akismet:TimeoutMilliseconds"] = timeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
            ["Byline:Akismet:IsTest"] = isTest ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddAkismet(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider.GetRequiredService<AkismetClient>();
    }

    private static List<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string> form) =>
        [.. form.OrderBy(f => f.Key, StringComparer.Ordinal)];
}
