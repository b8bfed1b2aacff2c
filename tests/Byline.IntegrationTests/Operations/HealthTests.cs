using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Operations;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Live_and_ready_answer_healthy_when_the_database_is_up_to_date()
    {
        var client = _app.CreateClient();
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_fails_when_a_migration_is_missing_and_live_does_not()
    {
        // Forget the newest migration, as a database restored from an older backup would.
        await _app.WithDbAsync(async db =>
        {
            var newest = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {newest}");
        });
        var client = _app.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_unless_the_proxy_is_configured()
    {
        await using var trusting = new BylineAppFactory { Settings = { ["Byline:Proxy:KnownProxies:0"] = "127.0.0.1" } };
        foreach (var (app, expected) in new[] { (_app, "http"), (trusting, "https") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/opensearch.xml");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var response = await app.CreateClient().SendAsync(request);
            Assert.Contains($"template=\"{expected}://localhost/search", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
