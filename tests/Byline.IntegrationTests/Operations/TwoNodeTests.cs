using System.Diagnostics;
using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Operations;

/// <summary>Two app instances on one database, as two nodes behind a load balancer.</summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly BylineAppFactory _nodeA = new();
    private BylineAppFactory _nodeB = null!;

    public Task InitializeAsync()
    {
        _ = _nodeA.Server;
        _nodeB = BylineAppFactory.SecondNodeOf(_nodeA);
        _ = _nodeB.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task A_sign_in_on_one_node_is_valid_on_the_other()
    {
        var user = await _nodeA.CreateUserAsync(Roles.Editor);
        var onA = _nodeA.CreateBrowserlessClient();
        using var login = await onA.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password });
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(IdentityRegistration.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        var onB = _nodeB.CreateBrowserlessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", cookie);
        using var dashboard = await onB.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("Dashboard", (await dashboard.ParseAsync()).QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task A_settings_change_on_one_node_reaches_the_other_nodes_cache_within_a_second()
    {
        var readerOnB = _nodeB.CreateClient();
        Assert.Equal("Byline", (await readerOnB.GetDocumentAsync("/")).QuerySelector(".site-title")!.Text());
        await _nodeB.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

        // Node A saves the title and evicts its settings cache, as the settings screen does.
        await _nodeA.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, "The Two Node Times")));
        var clock = Stopwatch.StartNew();
        _nodeA.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();

        if (!TestDatabase.IsPostgres)
        {
            // SQLite is one node by design (no NOTIFY): the node that changed the setting shows it at once.
            Assert.Equal("The Two Node Times", (await _nodeA.CreateClient().GetDocumentAsync("/")).QuerySelector(".site-title")!.Text());
            return;
        }
        string title;
        do
        {
            await Task.Delay(20);
            title = (await readerOnB.GetDocumentAsync("/")).QuerySelector(".site-title")!.Text();
        }
        while (title != "The Two Node Times" && clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("The Two Node Times", title);
        // NOTIFY/LISTEN on loopback: well inside a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Node B saw the change after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Publishing_on_one_node_refreshes_the_other_nodes_cached_home_page()
    {
        var category = await new TestData(_nodeA).CategoryAsync("Metro");
        var readerOnB = _nodeB.CreateClient();
        await readerOnB.GetDocumentAsync("/");
        await readerOnB.GetDocumentAsync("/");
        await _nodeB.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

        var (editorOnA, _) = await _nodeA.SignedInAsync(Roles.Editor);
        using var published = await editorOnA.SubmitFormAsync("/admin/articles/new", "#article-editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Published on node A",
            ["Form.Body"] = "Text.",
            ["Form.CategoryId"] = category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["command"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        if (!TestDatabase.IsPostgres)
        {
            return; // One node by design on SQLite; node A's own cache is covered by PageCacheTests.
        }
        var clock = Stopwatch.StartNew();
        string? top;
        do
        {
            await Task.Delay(20);
            top = (await readerOnB.GetDocumentAsync("/")).QuerySelector(".article-list .card h2")?.Text();
        }
        while (top != "Published on node A" && clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("Published on node A", top);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Node B showed it after {clock.ElapsedMilliseconds} ms");
    }
}
