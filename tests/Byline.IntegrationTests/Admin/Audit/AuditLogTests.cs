using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private HttpClient _admin = null!;
    private BylineUser _adminUser = null!;

    public async Task InitializeAsync() => (_admin, _adminUser) = await _app.SignedInAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static List<(string User, string Action, string Subject)> Rows(AngleSharp.Dom.IDocument page) =>
        [.. page.QuerySelectorAll("table.audit tbody tr").Select(r =>
            (r.QuerySelector(".audit-user")!.Text(), r.QuerySelector(".audit-action")!.Text(), r.QuerySelector(".audit-subject")!.Text()))];

    [Fact]
    public async Task Taxonomy_and_settings_changes_are_listed_newest_first_in_the_sites_time_zone()
    {
        var (editor, editorUser) = await _app.SignedInAsync(Roles.Editor);
        using (var created = await editor.SubmitFormAsync("/admin/taxonomy", "#category-form",
                   new Dictionary<string, string> { ["Input.Name"] = "Harbour" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var saved = await _admin.SubmitFormAsync("/admin/settings", "#settings-form",
                   new Dictionary<string, string> { ["Input.TimeZoneId"] = "Asia/Tokyo" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var page = await _admin.GetDocumentAsync("/admin/audit");
        var rows = Rows(page);
        Assert.Equal((_adminUser.UserName!, "settings.update", "site settings"), rows[0]);
        Assert.Equal(editorUser.UserName!, rows[1].User);
        Assert.Equal("category.create", rows[1].Action);
        Assert.Contains("“Harbour”", rows[1].Subject, StringComparison.Ordinal);
        // 09:35 UTC on 20 November is 18:35 in Tokyo.
        Assert.Contains("6:35 PM", page.QuerySelector("table.audit tbody tr time")!.Text(), StringComparison.Ordinal);
        Assert.Contains("TimeZoneId: “UTC” → “Asia/Tokyo”", page.QuerySelector("table.audit tbody tr .audit-details")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_filters_by_user_and_by_action_prefix_and_pages_by_fifty()
    {
        await _app.WithDbAsync(async db =>
        {
            var start = _app.Clock.GetUtcNow().UtcDateTime.AddHours(-2);
            for (var i = 0; i < 60; i++)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    At = start.AddMinutes(i),
                    UserName = i % 2 == 0 ? "alice" : "bob",
                    Action = i % 3 == 0 ? "tag.delete" : "category.update",
                    Subject = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"entry {i}"),
                });
            }
            await db.SaveChangesAsync();
        });

        var first = await _admin.GetDocumentAsync("/admin/audit");
        Assert.Equal(50, Rows(first).Count);
        Assert.Equal("entry 59", Rows(first)[0].Subject);
        var second = await _admin.GetDocumentAsync(first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(10, Rows(second).Count);
        Assert.Equal("entry 0", Rows(second)[^1].Subject);

        var alice = Rows(await _admin.GetDocumentAsync("/admin/audit?user=ALICE"));
        Assert.Equal(30, alice.Count);
        Assert.All(alice, r => Assert.Equal("alice", r.User));

        var tags = Rows(await _admin.GetDocumentAsync("/admin/audit?action=tag"));
        Assert.Equal(20, tags.Count);
        Assert.All(tags, r => Assert.Equal("tag.delete", r.Action));

        var both = Rows(await _admin.GetDocumentAsync("/admin/audit?user=bob&action=category.update"));
        Assert.Equal(20, both.Count);

        using var bad = await _admin.GetAsync("/admin/audit?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Only_administrators_may_read_the_audit_log(string role)
    {
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, "/admin/audit", new Dictionary<string, string>());
        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, "/admin/audit");
    }

    [Fact]
    public async Task Times_follow_the_site_setting()
    {
        await _app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.TimeZoneId, "America/New_York")));
        _app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(null, "test.entry", "something");
        }
        var page = await _admin.GetDocumentAsync("/admin/audit");
        // 09:30 UTC is 04:30 in New York in November.
        Assert.Contains("4:30 AM", page.QuerySelector("table.audit tbody tr time")!.Text(), StringComparison.Ordinal);
        Assert.Contains("America/New_York", page.QuerySelector("main")!.Text(), StringComparison.Ordinal);
    }
}
