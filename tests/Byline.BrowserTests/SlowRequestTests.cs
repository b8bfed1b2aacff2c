using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Byline.BrowserTests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Byline.BrowserTests;

/// <summary>
/// Slowloris on a real Kestrel socket: a client that trickles its headers (or its body) one byte at a time to
/// hold a connection is cut off once <c>Kestrel:Limits:*</c> say so, while other clients are served meanwhile.
/// The server here has short limits (2 s) so the test is quick; production defaults are 15 s for headers and
/// 240 bytes/s after 5 s for bodies (docs/configuration.md). In the browser collection: it runs alone, so the
/// timings are not disturbed by (and do not disturb) the page-quality runs.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SlowRequestTests
{
    private static readonly TimeSpan Drip = TimeSpan.FromMilliseconds(500);

    /// <summary>Longer than the configured 2 s plus Kestrel's once-a-second check and a loaded machine; far shorter than the defaults.</summary>
    private static readonly TimeSpan CutOffWithin = TimeSpan.FromSeconds(9);

    private static BylineServer NewServer() => new()
    {
        DemoContent = false,
        Settings = new Dictionary<string, string>
        {
            ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:02",
            ["Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond"] = "240",
            ["Kestrel:Limits:MinRequestBodyDataRate:GracePeriod"] = "00:00:02",
        },
    };

    [Fact]
    public async Task A_client_trickling_its_headers_is_cut_off_after_the_header_timeout_while_others_are_served()
    {
        await using var server = NewServer();
        var root = server.Start();
        var limits = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(TimeSpan.FromSeconds(2), limits.RequestHeadersTimeout);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, root.Port);
        var stream = tcp.GetStream();
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: {root.Authority}\r\n"));
        var answer = ReadUntilClosedAsync(stream, clock);

        // One byte of a header every 500 ms: 40 bytes would take 20 s; the server must not wait for them.
        var header = Encoding.ASCII.GetBytes("X-Slow: " + new string('z', 32));
        var sent = 0;
        var othersServed = false;
        foreach (var b in header)
        {
            if (answer.IsCompleted || clock.Elapsed > CutOffWithin)
            {
                break;
            }
            try
            {
                await stream.WriteAsync(new[] { b });
                sent++;
            }
            catch (IOException)
            {
                break; // the server closed the connection under us
            }
            if (sent == 2)
            {
                // Meanwhile, an ordinary client on the same server is answered at once.
                using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(5) };
                var normal = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
                othersServed = true;
            }
            await Task.WhenAny(answer, Task.Delay(Drip));
        }

        var (text, answeredAt, closedAt) = await ClosedAsync(answer, clock);
        Assert.True(othersServed, "the ordinary request was never made");
        // Not turned away at once: cut off when the 2 s were up.
        Assert.InRange(answeredAt, TimeSpan.FromSeconds(1.5), CutOffWithin);
        Assert.InRange(closedAt, TimeSpan.FromSeconds(1.5), CutOffWithin);
        // Kestrel answers 408 Request Timeout and closes, or just closes.
        Assert.True(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"answered «{text[..Math.Min(text.Length, 200)]}»");

        // And a normal request after the slow one was dropped still works.
        using var after = new HttpClient { BaseAddress = root };
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_body_slower_than_the_minimum_rate_is_cut_off_after_the_grace_period()
    {
        await using var server = NewServer();
        var root = server.Start();
        var limits = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2), limits.MinRequestBodyDataRate.GracePeriod);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, root.Port);
        var stream = tcp.GetStream();
        var clock = Stopwatch.StartNew();
        // The setup form of a new site (anonymous, so no sign-in needed): reading it for the antiforgery check reads the body.
        const int length = 4000;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /account/setup HTTP/1.1\r\nHost: {root.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\nInput.SiteTitle="));
        var answer = ReadUntilClosedAsync(stream, clock);
        var sent = 0;
        while (sent < length && !answer.IsCompleted && clock.Elapsed < CutOffWithin)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
                sent++;
            }
            catch (IOException)
            {
                break;
            }
            await Task.WhenAny(answer, Task.Delay(Drip));
        }

        var (text, answeredAt, closedAt) = await ClosedAsync(answer, clock);
        // Read for 2 s (the grace period), then cut off: Kestrel fails the app's read with "408 request body timeout".
        // The antiforgery check, which was reading the form, turns that into a 400; either way the connection closes.
        Assert.InRange(answeredAt, TimeSpan.FromSeconds(1.5), CutOffWithin);
        Assert.InRange(closedAt, TimeSpan.FromSeconds(1.5), CutOffWithin);
        Assert.True(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) || text.StartsWith("HTTP/1.1 400", StringComparison.Ordinal),
            $"answered «{text[..Math.Min(text.Length, 200)]}»");
    }

    /// <summary>The connection's end, or a failure saying the server kept it open.</summary>
    private static async Task<(string Text, TimeSpan AnsweredAt, TimeSpan ClosedAt)> ClosedAsync(Task<(string Text, TimeSpan AnsweredAt, TimeSpan ClosedAt)> answer, Stopwatch clock)
    {
        await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.True(answer.IsCompleted, $"the server still kept the slow connection open after {clock.Elapsed.TotalSeconds:0.0} s");
        return await answer;
    }

    /// <summary>Everything the server sends until it closes (or resets) the connection, when it began answering and when it closed.</summary>
    private static async Task<(string Text, TimeSpan AnsweredAt, TimeSpan ClosedAt)> ReadUntilClosedAsync(NetworkStream stream, Stopwatch clock)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        TimeSpan? answeredAt = null;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                answeredAt ??= clock.Elapsed;
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server: closed all the same.
        }
        var closedAt = clock.Elapsed;
        return (Encoding.ASCII.GetString(received.ToArray()), answeredAt ?? closedAt, closedAt);
    }
}
