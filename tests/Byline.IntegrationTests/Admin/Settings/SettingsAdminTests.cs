using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Settings;

public sealed class SettingsAdminTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private TestData Data => new(_app);
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => (_admin, _) = await _app.SignedInAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> SaveAsync(Dictionary<string, string> fields) =>
        _admin.SubmitFormAsync("/admin/settings", "#settings-form", fields);

    private Task<SiteSettings> StoredAsync() => _app.WithDbAsync(db => db.SiteSettings.AsNoTracking().SingleAsync());

    [Fact]
    public async Task Saved_settings_reach_the_public_site_on_the_next_request_and_are_audited()
    {
        var news = await Data.CategoryAsync("News");
        for (var i = 0; i < 3; i++)
        {
            await Data.ArticleAsync($"Story {i}", category: news);
        }
        // The home page has been built once, so the settings are cached.
        var before = await _admin.GetDocumentAsync("/");
        Assert.Equal("Byline", before.QuerySelector(".site-title")!.Text());
        Assert.Equal(3, before.QuerySelectorAll(".article-list article").Length);

        using var response = await SaveAsync(new Dictionary<string, string>
        {
            ["Input.Title"] = "The Portvale Post",
            ["Input.Tagline"] = "All the news from the harbour",
            ["Input.TimeZoneId"] = "Europe/Berlin",
            ["Input.Culture"] = "de-DE",
            ["Input.PostsPerPage"] = "2",
            ["Input.DefaultCategoryId"] = news.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.PopularWindowDays"] = "30",
            ["Input.CommentsEnabled"] = "false",
            ["Input.ModerationPolicy"] = "HoldAll",
            ["Input.CommentOrder"] = "NewestFirst",
            ["Input.CommentThreadDepth"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await _admin.GetDocumentAsync("/");
        Assert.Equal("The Portvale Post", after.QuerySelector(".site-title")!.Text());
        Assert.Equal("All the news from the harbour", after.QuerySelector(".tagline")!.Text());
        Assert.Equal("de-DE", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal(2, after.QuerySelectorAll(".article-list article").Length);

        var stored = await StoredAsync();
        Assert.Equal(("Europe/Berlin", "de-DE", 2, news.Id, 30), (stored.TimeZoneId, stored.Culture, stored.PostsPerPage, stored.DefaultCategoryId, stored.PopularWindowDays));
        Assert.Equal((false, CommentModerationPolicy.HoldAll, CommentOrder.NewestFirst, 3), (stored.CommentsEnabled, stored.ModerationPolicy, stored.CommentOrder, stored.CommentThreadDepth));

        // The form shows what was saved.
        var form = await _admin.GetDocumentAsync("/admin/settings");
        Assert.Equal("The Portvale Post", form.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal("Europe/Berlin", form.QuerySelector("#Input_TimeZoneId option[selected]")!.GetAttribute("value"));
        Assert.Null(form.QuerySelector("#Input_CommentsEnabled")!.GetAttribute("checked"));
        Assert.Equal("Settings saved.", form.QuerySelector("[role=status]")!.Text());

        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "settings.update"));
        Assert.Contains("Title: “Byline” → “The Portvale Post”", audit.Details, StringComparison.Ordinal);
        Assert.Contains("PostsPerPage: 10 → 2", audit.Details, StringComparison.Ordinal);
        Assert.Contains("CommentsEnabled: on → off", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("RelatedCount", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_covers_every_setting_but_the_privacy_salt_in_labelled_fieldsets()
    {
        var form = (await _admin.GetDocumentAsync("/admin/settings")).QuerySelector("#settings-form")!;
        var names = form.QuerySelectorAll("[name^='Input.']").Select(e => e.GetAttribute("name")!["Input.".Length..]).ToHashSet();
        var expected = typeof(SiteSettings).GetProperties().Select(p => p.Name)
            .Where(n => n is not (nameof(SiteSettings.Id) or nameof(SiteSettings.PrivacySalt))).ToHashSet();
        Assert.Equal(expected.Order(), names.Order());
        Assert.All(form.QuerySelectorAll("input:not([type=hidden]), select, textarea"),
            field => Assert.NotNull(form.QuerySelector($"label[for='{field.Id}']")));
        Assert.Equal(["Site", "Reading", "Comments", "Moderation"], form.QuerySelectorAll("fieldset > legend").Select(l => l.Text()));
        var salt = (await StoredAsync()).PrivacySalt;
        Assert.DoesNotContain(salt, form.OuterHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.TimeZoneId", "Mars/Olympus_Mons", "is not a time zone this server knows")]
    [InlineData("Input.PostsPerPage", "0", "Posts per page must be a whole number from 1 to 100.")]
    [InlineData("Input.PostsPerPage", "101", "Posts per page must be a whole number from 1 to 100.")]
    [InlineData("Input.Culture", "xx-NOPE", "is not a known language and region")]
    [InlineData("Input.PopularWindowDays", "3", "Most Popular covers 1, 7 or 30 days")]
    [InlineData("Input.DefaultCategoryId", "999999", "no longer exists")]
    [InlineData("Input.ModerationPolicy", "LetEverythingIn", "not valid")]
    [InlineData("Input.Title", "", "Enter the site's title.")]
    [InlineData("Input.PermalinkStructure", "/{author}/{slug}", "Choose one of the article address forms")]
    public async Task Bad_values_get_400_with_a_message_and_nothing_is_saved(string field, string value, string message)
    {
        var before = await StoredAsync();
        using var response = await SaveAsync(new Dictionary<string, string>
        {
            ["Input.Title"] = "Should not be saved",
            [field] = value,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.Text(), StringComparison.Ordinal);
        // The form keeps what was typed.
        if (field != "Input.Title")
        {
            Assert.Equal("Should not be saved", page.QuerySelector("#Input_Title")!.GetAttribute("value"));
        }
        var after = await StoredAsync();
        Assert.Equal((before.Title, before.TimeZoneId, before.PostsPerPage, before.Culture), (after.Title, after.TimeZoneId, after.PostsPerPage, after.Culture));
        Assert.Equal("Byline", (await _admin.GetDocumentAsync("/")).QuerySelector(".site-title")!.Text());
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "settings.update")));
    }

    [Fact]
    public async Task Lists_of_commenters_change_but_their_contents_stay_out_of_the_audit_log()
    {
        using var response = await SaveAsync(new Dictionary<string, string>
        {
            ["Input.BlockedTerms"] = "casino\r\n  spammer@example.net  \r\n\r\n",
            ["Input.AllowedCommenters"] = "friend@example.org",
            ["Input.BlockedTermAction"] = "Spam",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync();
        Assert.Equal("casino\nspammer@example.net", stored.BlockedTerms);
        Assert.Equal(BlockedTermAction.Spam, stored.BlockedTermAction);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "settings.update"));
        Assert.Contains("BlockedTerms", audit.Details, StringComparison.Ordinal);
        Assert.Contains("AllowedCommenters", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("@example", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("casino", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_without_changes_writes_no_audit_entry()
    {
        using var response = await SaveAsync([]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "settings.update")));
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Only_administrators_may_see_or_change_settings(string role)
    {
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, "/admin/settings",
            new Dictionary<string, string> { ["Input.Title"] = "Taken over", ["Input.TimeZoneId"] = "UTC", ["Input.Culture"] = "en-US" });
        Assert.Equal("Byline", (await StoredAsync()).Title);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_login_and_forged_posts_are_refused()
    {
        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, "/admin/settings");
        using var forged = await _admin.PostAsync("/admin/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Title"] = "Forged", ["Input.TimeZoneId"] = "UTC", ["Input.Culture"] = "en-US", ["Input.PostsPerPage"] = "10",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Byline", (await StoredAsync()).Title);
    }
}
