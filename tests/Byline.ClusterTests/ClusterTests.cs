using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Byline.ClusterTests.Infrastructure;
using Xunit.Abstractions;

namespace Byline.ClusterTests;

/// <summary>
/// Two real Byline processes on one PostgreSQL database behind a real nginx (issue #7, "Proven by tests").
/// Every request goes over loopback HTTP; what was stored is checked in the database.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class ClusterTests(ClusterFixture cluster, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.EnsureBothNodesRunAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sign_in_on_node_A_is_valid_on_node_B()
    {
        output.WriteLine("Cluster start-up: " + cluster.StartupTimes);
        using var browser = new Browser();
        var onA = browser.On(cluster.NodeA.BaseAddress);
        var onB = browser.On(cluster.NodeB.BaseAddress);

        // Before signing in, node B sends the browser to the login page.
        using (var anonymous = await onB.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var login = await Browser.SignInAsync(onA, ClusterFixture.AdminEmail, cluster.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("byline.auth=", StringComparison.Ordinal));

        // The cookie node A issued opens the dashboard on node B (Data Protection keys live in the database).
        var dashboard = await Browser.GetDocumentAsync(onB, "/admin");
        Assert.Equal("Dashboard", Browser.Text(dashboard.QuerySelector("h1")!));
    }

    [Fact]
    public async Task A_comment_posted_through_A_and_approved_through_B_shows_on_both_nodes_cached_pages_within_a_second()
    {
        var article = await ArticleUrlAsync(withComments: true);
        using var readerA = Reader(cluster.NodeA);
        using var readerB = Reader(cluster.NodeB);
        // Warm both nodes' output caches with the article; the second answer comes from the cache.
        foreach (var reader in new[] { readerA, readerB })
        {
            (await reader.GetAsync(article)).Dispose();
            using var cached = await reader.GetAsync(article);
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            Assert.True(cached.Headers.Age is not null, $"{reader.BaseAddress} did not serve the article from its output cache");
        }

        using var visitor = new Browser();
        var body = $"Clear reporting on a complicated story, thank you ({Guid.NewGuid():N}).";
        using var posted = await Browser.PostCommentAsync(visitor.On(cluster.NodeA.BaseAddress), article, "Nadia Reader", "nadia@example.org", body);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = Browser.CommentIdFrom(posted) ?? throw new InvalidOperationException($"No comment id in {posted.Headers.Location}");
        Assert.Equal("Pending", await StatusOfAsync(id)); // A first-time commenter waits for a moderator.
        Assert.Null((await Browser.GetDocumentAsync(readerB, article)).GetElementById($"comment-{id}"));

        using var admin = new Browser();
        using (var login = await Browser.SignInAsync(admin.On(cluster.NodeB.BaseAddress), ClusterFixture.AdminEmail, cluster.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }
        var onB = admin.On(cluster.NodeB.BaseAddress);
        var queue = await Browser.GetDocumentAsync(onB, "/admin/comments");
        var form = queue.QuerySelector($"#comment-row-{id} form") ?? throw new InvalidOperationException($"Comment {id} is not in node B's queue.");
        using var approved = await Browser.SubmitFormAsync(onB, form, "/admin/comments", submitter: "button[value=approve]");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var clock = Stopwatch.StartNew();
        Assert.Equal("Approved", await StatusOfAsync(id));

        bool onNodeA = false, onNodeB = false;
        while (!(onNodeA && onNodeB) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            var pages = await Task.WhenAll(Browser.GetDocumentAsync(readerA, article), Browser.GetDocumentAsync(readerB, article));
            onNodeA = pages[0].GetElementById($"comment-{id}") is not null;
            onNodeB = pages[1].GetElementById($"comment-{id}") is not null;
            if (!(onNodeA && onNodeB))
            {
                await Task.Delay(20);
            }
        }
        var elapsed = clock.Elapsed;
        output.WriteLine($"The approved comment showed on both nodes after {elapsed.TotalMilliseconds:0} ms.");
        Assert.True(onNodeA, "Node A never showed the approved comment");
        Assert.True(onNodeB, "Node B never showed the approved comment");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"Both nodes showed the approved comment only after {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(1, await cluster.CountAsync("""SELECT count(*) FROM "AuditEntries" WHERE "Action" = 'comment.approve' AND "Subject" LIKE @s""",
            ("s", $"comment {id} %")));
    }

    [Fact]
    public async Task Killing_node_A_under_load_loses_no_acknowledged_comment_and_nginx_fails_over()
    {
        var article = await ArticleUrlAsync(withComments: false);
        var run = Guid.NewGuid().ToString("N")[..8];
        var outcomes = new ConcurrentBag<Outcome>();
        var load = TimeSpan.FromSeconds(6);
        var killAt = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;

        async Task Visitor(int number)
        {
            using var browser = new Browser();
            var client = browser.On(cluster.Proxy);
            for (var i = 0; clock.Elapsed < load && i < 1000; i++)
            {
                var body = $"Load comment {run} {number}-{i}: the council should publish the full report.";
                var started = clock.Elapsed;
                try
                {
                    using var page = await client.GetAsync(i % 2 == 0 ? "/" : article);
                    outcomes.Add(new Outcome("GET", null, (int)page.StatusCode, started, null));
                    using var posted = await Browser.PostCommentAsync(client, article, $"Load {number}", $"load{number}@example.org", body);
                    outcomes.Add(new Outcome("POST", body, (int)posted.StatusCode, started, posted.Headers.Location?.OriginalString));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
                {
                    outcomes.Add(new Outcome("POST", body, 0, started, e.GetType().Name + ": " + e.Message));
                }
            }
        }

        var visitors = Enumerable.Range(1, 8).Select(n => Task.Run(() => Visitor(n))).ToList();
        await Task.Delay(killAt);
        cluster.NodeA.Kill(); // SIGKILL: no drain, in-flight requests cut off.
        killedAt = clock.Elapsed;
        await Task.WhenAll(visitors);

        var posts = outcomes.Where(o => o.Method == "POST").ToList();
        var acknowledged = posts.Where(o => o.Status == 302).ToList();
        var failed = outcomes.Where(o => o.Status is 0 or >= 500).ToList();
        var afterKill = outcomes.Count(o => o.Started > killedAt && o.Status is 200 or 302);
        output.WriteLine($"{outcomes.Count} requests, {posts.Count} comment posts, {acknowledged.Count} acknowledged, " +
                         $"{failed.Count} failed, {afterKill} answered after node A was killed at {killedAt.TotalMilliseconds:0} ms.");
        foreach (var f in failed)
        {
            output.WriteLine($"  failed: {f.Method} at {f.Started.TotalMilliseconds:0} ms → {f.Status} {f.Detail}");
        }

        // nginx failed over: node B went on answering, and nothing (or next to nothing: a response cut off
        // after nginx had begun passing it on cannot be retried) reached a visitor as an error.
        Assert.True(acknowledged.Count >= 16, $"Only {acknowledged.Count} comments were acknowledged");
        Assert.True(afterKill >= 16, $"Only {afterKill} requests were answered after node A died");
        // nginx did notice node A's death (and so moved requests over), not merely route around it by luck.
        var nginxLog = await File.ReadAllTextAsync(cluster.NginxLog);
        Assert.Contains($"127.0.0.1:{cluster.NodeA.Port}", nginxLog, StringComparison.Ordinal);
        var upstreamErrors = nginxLog.Split('\n').Where(l => l.Contains("[error]", StringComparison.Ordinal) && l.Contains("upstream", StringComparison.Ordinal)).ToList();
        output.WriteLine($"nginx logged {upstreamErrors.Count} upstream errors (each request then went to node B), " +
                         $"{upstreamErrors.Count(l => l.Contains("request: \"POST", StringComparison.Ordinal))} of them comment POSTs cut off or refused:");
        foreach (var line in upstreamErrors.Take(6))
        {
            var message = line[line.IndexOf("[error]", StringComparison.Ordinal)..];
            output.WriteLine("  " + (message.Length > 200 ? message[..200] + "…" : message));
        }
        Assert.True(failed.Count <= 2, $"{failed.Count} requests failed: {string.Join("; ", failed.Select(f => f.Status + " " + f.Detail))}");
        Assert.All(posts.Where(o => o.Status is not (302 or 0) and < 500), o => Assert.Fail($"A comment POST answered {o.Status}"));

        // Every acknowledged comment is in the database, once; nothing was stored twice by a retried POST.
        await using var db = await cluster.OpenDatabaseAsync();
        await using var query = new Npgsql.NpgsqlCommand("""SELECT "Body", count(*) FROM "Comments" WHERE "Body" LIKE @prefix GROUP BY "Body" """, db);
        query.Parameters.AddWithValue("prefix", $"Load comment {run} %");
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        var lost = acknowledged.Where(o => !stored.ContainsKey(o.Body!)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged comments are missing: {string.Join("; ", lost.Select(l => l.Body))}");
        Assert.All(stored, s => Assert.True(s.Value == 1, $"“{s.Key}” was stored {s.Value} times"));
    }

    [Fact]
    public async Task A_scheduled_article_publishes_exactly_once_and_shows_on_both_nodes()
    {
        using var editor = new Browser();
        var onA = editor.On(cluster.NodeA.BaseAddress);
        using (var login = await Browser.SignInAsync(onA, ClusterFixture.AdminEmail, cluster.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }
        var title = $"Night bus network returns {Guid.NewGuid():N}"[..36];
        // The site's time zone is UTC (the demo seed does not change it); the form takes local time to the second.
        var at = DateTime.UtcNow.AddSeconds(6);
        using var scheduled = await Browser.SubmitFormAsync(onA, "/admin/articles/new", "#article-editor", new Dictionary<string, string>
        {
            ["Form.Title"] = title,
            ["Form.Body"] = "The night buses run again from Monday.",
            ["Form.PublishAt"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["command"] = "schedule",
        });
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(1, await cluster.CountAsync("""SELECT count(*) FROM "Articles" WHERE "Title" = @t AND "Status" = 'Scheduled'""", ("t", title)));

        using var readerA = Reader(cluster.NodeA);
        using var readerB = Reader(cluster.NodeB);
        var before = DateTime.UtcNow;
        var titlesBefore = await HomeTitlesAsync(readerA);
        if (before < at.AddSeconds(-1))
        {
            // Not before its time (checked only when this machine was quick enough to look in time).
            Assert.DoesNotContain(title, titlesBefore);
        }

        // Both nodes poll every second; whichever comes first publishes it, the other finds nothing to do.
        var clock = Stopwatch.StartNew();
        bool onNodeA = false, onNodeB = false;
        while (!(onNodeA && onNodeB) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
            onNodeA = (await HomeTitlesAsync(readerA)).Contains(title);
            onNodeB = (await HomeTitlesAsync(readerB)).Contains(title);
        }
        Assert.True(onNodeA && onNodeB, $"Shown on node A: {onNodeA}, on node B: {onNodeB} after {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"Published and shown on both nodes {(DateTime.UtcNow - at).TotalMilliseconds:0} ms after its time.");

        // Give both nodes several more polls, then count: one publish, one audit entry.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, await cluster.CountAsync("""SELECT count(*) FROM "Articles" WHERE "Title" = @t AND "Status" = 'Published'""", ("t", title)));
        Assert.Equal(1, await cluster.CountAsync("""SELECT count(*) FROM "AuditEntries" WHERE "Action" = 'article.publish-scheduled' AND "Subject" LIKE @s""",
            ("s", $"%“{title}”")));
    }

    private sealed record Outcome(string Method, string? Body, int Status, TimeSpan Started, string? Detail);

    /// <summary>An anonymous reader without cookies: what the output cache serves.</summary>
    private static HttpClient Reader(Node node) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };

    private static async Task<List<string>> HomeTitlesAsync(HttpClient reader) =>
        (await Browser.GetDocumentAsync(reader, "/")).QuerySelectorAll(".article-list .card h2").Select(Browser.Text).ToList();

    /// <summary>
    /// The address of an article on node B's home page: the first one that already shows comments (so the
    /// nodes have rendered comments before and a timing measures the eviction, not a first-call JIT), or the
    /// first one without (or the last one when all have comments).
    /// </summary>
    private async Task<string> ArticleUrlAsync(bool withComments)
    {
        using var reader = Reader(cluster.NodeB);
        var cards = (await Browser.GetDocumentAsync(reader, "/")).QuerySelectorAll(".article-list .card");
        var card = cards.FirstOrDefault(c => c.QuerySelector("a[href$='#comments']") is { } count && Browser.Text(count) != "No Comments" == withComments)
                   ?? (withComments || cards.Length == 0 ? null : cards[^1])
                   ?? throw new InvalidOperationException("The demo newsroom's home page has no article with comments.");
        return card.QuerySelector("h2 a")!.GetAttribute("href")!;
    }

    private async Task<string> StatusOfAsync(int commentId)
    {
        await using var db = await cluster.OpenDatabaseAsync();
        await using var query = new Npgsql.NpgsqlCommand("""SELECT "Status" FROM "Comments" WHERE "Id" = @id""", db);
        query.Parameters.AddWithValue("id", commentId);
        return (string?)await query.ExecuteScalarAsync() ?? "(missing)";
    }
}
