using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Articles;

public sealed class SchedulingTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private int _categoryId;

    public async Task InitializeAsync() => _categoryId = (await new TestData(_app).CategoryAsync("City")).Id;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Dictionary<string, string> Fields(string title, string publishAt) => new()
    {
        ["Form.Title"] = title,
        ["Form.Body"] = "Embargoed until the morning.",
        ["Form.CategoryId"] = _categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.PublishAt"] = publishAt,
        ["command"] = "schedule",
    };

    [Fact]
    public async Task A_scheduled_article_publishes_itself_on_time_exactly_once()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        // The site's time zone is UTC; the fake clock says 2026-11-20 09:30.
        using var response = await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Morning briefing", "2026-11-20T10:00"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await _app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Morning briefing"));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), article.PublishedAt);
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        var reader = _app.CreateBrowserlessClient();
        var publisher = _app.Services.GetRequiredService<ScheduledPublisher>();

        Assert.Equal(0, await publisher.PublishDueAsync(default));
        using (var early = await reader.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        // Two nodes polling at the same moment: one publishes, the other finds nothing to do.
        var results = await Task.WhenAll(publisher.PublishDueAsync(default), publisher.PublishDueAsync(default));
        Assert.Equal(1, results.Sum());
        using (var onTime = await reader.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, onTime.StatusCode);
        }
        Assert.Equal(0, await publisher.PublishDueAsync(default));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "article.publish-scheduled")));
    }

    [Fact]
    public async Task Scheduling_in_the_past_is_refused_with_a_message()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var response = await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Too late", "2026-11-20T09:00"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("That time has already passed", (await response.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.False(await _app.WithDbAsync(db => db.Articles.AnyAsync()));

        using var nonsense = await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Nonsense", "next tuesday-ish"));
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
    }

    [Fact]
    public async Task Scheduled_times_are_read_in_the_sites_time_zone()
    {
        await _app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.TimeZoneId, "Asia/Bangkok")));
        _app.Services.GetRequiredService<Byline.Web.Features.Site.SiteSettingsProvider>().Invalidate();
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        // 18:00 in Bangkok (UTC+7) is 11:00 UTC.
        using var response = await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Evening edition", "2026-11-20T18:00"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await _app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Evening edition"));
        Assert.Equal(new DateTime(2026, 11, 20, 11, 0, 0, DateTimeKind.Utc), article.PublishedAt);
    }
}
