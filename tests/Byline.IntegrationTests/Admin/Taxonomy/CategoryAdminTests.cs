using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Taxonomy;

public sealed class CategoryAdminTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private TestData Data => new(_app);
    private HttpClient _editor = null!;

    public async Task InitializeAsync() => (_editor, _) = await _app.SignedInAsync(Roles.Editor);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, string> Fields(string name, string slug = "", string? parentId = null, string description = "")
    {
        var fields = new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Slug"] = slug, ["Input.Description"] = description };
        if (parentId is not null)
        {
            fields["Input.ParentId"] = parentId;
        }
        return fields;
    }

    private Task<HttpResponseMessage> EditAsync(Category category, Dictionary<string, string> fields) =>
        _editor.SubmitFormAsync($"/admin/taxonomy/categories/{category.Id}", "#category-form", fields);

    private Task<Category?> FindAsync(int id) => _app.WithDbAsync(db => db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id));

    private Task<int> AuditCountAsync(string action) => _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == action));

    [Fact]
    public async Task An_editor_creates_a_category_with_a_slug_made_from_its_name_under_a_parent()
    {
        var world = await Data.CategoryAsync("World");
        using var response = await _editor.SubmitFormAsync("/admin/taxonomy", "#category-form",
            Fields("Café Society & Culture", parentId: world.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), description: "Where people meet."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var created = await _app.WithDbAsync(db => db.Categories.AsNoTracking().SingleAsync(c => c.Name == "Café Society & Culture"));
        Assert.Equal("cafe-society-culture", created.Slug);
        Assert.Equal(world.Id, created.ParentId);

        // The public site knows it at once: its page, and the parent's list of subcategories.
        var page = await _editor.GetDocumentAsync("/category/cafe-society-culture");
        Assert.Equal("Café Society & Culture", page.QuerySelector("h1")!.Text());
        Assert.Contains("Where people meet.", page.QuerySelector(".archive-header")!.Text(), StringComparison.Ordinal);
        var parent = await _editor.GetDocumentAsync($"/category/{world.Slug}");
        Assert.Contains(parent.QuerySelectorAll(".subcategories a"), a => a.Text() == "Café Society & Culture");

        // The admin tree shows it indented under its parent.
        var admin = await _editor.GetDocumentAsync("/admin/taxonomy");
        var row = admin.QuerySelector($"tr[data-category-id='{created.Id}']")!;
        Assert.Equal("1", row.GetAttribute("data-depth"));
        Assert.Single(row.QuerySelectorAll(".tree-indent"));
        Assert.Equal(1, await AuditCountAsync("category.create"));
    }

    [Fact]
    public async Task The_tree_lists_children_under_their_parents_with_article_counts()
    {
        var sport = await Data.CategoryAsync("Sport");
        var football = await Data.CategoryAsync("Football", sport.Id);
        var arts = await Data.CategoryAsync("Arts");
        await Data.ArticleAsync(category: football);
        await Data.ArticleAsync(category: football);
        await Data.ArticleAsync(category: sport);

        var admin = await _editor.GetDocumentAsync("/admin/taxonomy");
        var rows = admin.QuerySelectorAll("table.categories tbody tr").ToList();
        var ids = rows.Select(r => int.Parse(r.GetAttribute("data-category-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(ids.IndexOf(football.Id) == ids.IndexOf(sport.Id) + 1, "Football should follow Sport");
        Assert.Equal("2", rows[ids.IndexOf(football.Id)].QuerySelector(".article-count")!.Text());
        Assert.Equal("1", rows[ids.IndexOf(sport.Id)].QuerySelector(".article-count")!.Text());
        Assert.Equal("0", rows[ids.IndexOf(arts.Id)].QuerySelector(".article-count")!.Text());
    }

    [Fact]
    public async Task A_duplicate_slug_is_refused_with_400_and_changes_nothing()
    {
        var taken = await Data.CategoryAsync("Politics");
        var other = await Data.CategoryAsync("Economy");
        var before = await _app.WithDbAsync(db => db.Categories.CountAsync());

        using var create = await _editor.SubmitFormAsync("/admin/taxonomy", "#category-form", Fields("Politics again", taken.Slug));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var page = await create.ParseAsync();
        Assert.Contains($"Another category already uses the slug “{taken.Slug}”", page.QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Politics again", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(before, await _app.WithDbAsync(db => db.Categories.CountAsync()));

        using var edit = await EditAsync(other, Fields("Economy", taken.Slug.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Equal(other.Slug, (await FindAsync(other.Id))!.Slug);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Redirects.CountAsync()));
    }

    [Fact]
    public async Task An_empty_name_gets_400_and_a_message()
    {
        using var response = await _editor.SubmitFormAsync("/admin/taxonomy", "#category-form", Fields("  "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a name.", (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_and_changing_the_slug_shows_on_the_site_and_stores_a_redirect_from_the_old_address()
    {
        var category = await Data.CategoryAsync("Tech");
        await Data.ArticleAsync("Chips are down", category: category);
        var oldSlug = category.Slug;

        using var response = await EditAsync(category, Fields("Technology", "technology", description: "Gadgets and code."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await _editor.GetDocumentAsync("/category/technology");
        Assert.Equal("Technology", page.QuerySelector("h1")!.Text());
        Assert.Contains(page.QuerySelectorAll(".article-list h2"), h => h.Text() == "Chips are down");
        var redirect = await _app.WithDbAsync(db => db.Redirects.AsNoTracking().SingleAsync());
        Assert.Equal($"/category/{oldSlug}", redirect.FromPath);
        Assert.Equal("/category/technology", redirect.ToPath);
        Assert.Null(redirect.ArticleId);

        // Renamed again: the first old address goes straight to the newest one, never through a chain.
        using var again = await EditAsync(category, Fields("Technology", "tech-and-science"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var redirects = await _app.WithDbAsync(db => db.Redirects.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.All(redirects, r => Assert.Equal("/category/tech-and-science", r.ToPath));
        Assert.Equal([$"/category/{oldSlug}", "/category/technology"], redirects.Select(r => r.FromPath));

        // Taking an old address back makes it live again: no redirect shadows it.
        using var back = await EditAsync(category, Fields("Technology", "technology"));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.DoesNotContain(await _app.WithDbAsync(db => db.Redirects.Select(r => r.FromPath).ToListAsync()), p => p == "/category/technology");

        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "category.update").OrderBy(e => e.Id).FirstAsync());
        Assert.Contains("name “Tech” → “Technology”", audit.Details, StringComparison.Ordinal);
        Assert.Contains($"slug {oldSlug} → technology", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_a_category_under_its_own_descendant_is_refused()
    {
        var news = await Data.CategoryAsync("News");
        var local = await Data.CategoryAsync("Local", news.Id);
        var city = await Data.CategoryAsync("City", local.Id);

        using var response = await EditAsync(news, Fields("News", news.Slug, city.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ParseAsync()).QuerySelector("[data-valmsg-for='Input.ParentId']")!.Text();
        Assert.Contains("“News” can't go under “City”", message, StringComparison.Ordinal);
        Assert.Null((await FindAsync(news.Id))!.ParentId);

        using var self = await EditAsync(news, Fields("News", news.Slug, news.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Null((await FindAsync(news.Id))!.ParentId);

        // Moving a leaf elsewhere is fine, and the edit form never offers the category's own subtree.
        using var fine = await EditAsync(city, Fields("City", city.Slug, news.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
        Assert.Equal(news.Id, (await FindAsync(city.Id))!.ParentId);
        var form = await _editor.GetDocumentAsync($"/admin/taxonomy/categories/{news.Id}");
        var options = form.QuerySelectorAll("#Input_ParentId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.DoesNotContain(local.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), options);
        Assert.DoesNotContain(news.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), options);
    }

    [Fact]
    public async Task Merging_moves_articles_and_subcategories_to_the_target_and_redirects_the_old_address()
    {
        var target = await Data.CategoryAsync("Business");
        var source = await Data.CategoryAsync("Markets");
        var child = await Data.CategoryAsync("Stocks", source.Id);
        await Data.ArticleAsync("Shares soar", category: source);

        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/categories/{source.Id}", "#merge-form",
            new Dictionary<string, string> { ["MergeTargetId"] = target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Null(await FindAsync(source.Id));
        Assert.Equal(target.Id, (await FindAsync(child.Id))!.ParentId);
        var page = await _editor.GetDocumentAsync($"/category/{target.Slug}");
        Assert.Contains(page.QuerySelectorAll(".article-list h2"), h => h.Text() == "Shares soar");
        using var gone = await _editor.GetAsync($"/category/{source.Slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, gone.StatusCode);
        Assert.Equal($"/category/{target.Slug}", gone.Headers.Location!.OriginalString);
        var redirect = await _app.WithDbAsync(db => db.Redirects.AsNoTracking().SingleAsync());
        Assert.Equal(($"/category/{source.Slug}", $"/category/{target.Slug}"), (redirect.FromPath, redirect.ToPath));
        Assert.Equal(1, await AuditCountAsync("category.merge"));
    }

    [Fact]
    public async Task Merging_into_a_subcategory_of_itself_is_refused()
    {
        var parent = await Data.CategoryAsync("Culture");
        var child = await Data.CategoryAsync("Film", parent.Id);
        // The form offers no such target; a hand-made request is refused all the same.
        Assert.Null((await _editor.GetDocumentAsync($"/admin/taxonomy/categories/{parent.Id}")).QuerySelector($"#MergeTargetId option[value='{child.Id}']"));
        using var response = await _editor.PostWithTokenAsync($"/admin/taxonomy/categories/{parent.Id}?handler=Merge",
            new Dictionary<string, string> { ["MergeTargetId"] = child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is inside", (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(await FindAsync(parent.Id));
    }

    [Fact]
    public async Task Deleting_a_category_moves_its_articles_to_the_default_and_its_children_up()
    {
        var general = await Data.CategoryAsync("General");
        var doomed = await Data.CategoryAsync("Opinion", general.Id);
        var child = await Data.CategoryAsync("Letters", doomed.Id);
        await Data.ArticleAsync("A strongly held view", category: doomed);
        var defaultCategory = await Data.CategoryAsync("Front page");
        await _app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.DefaultCategoryId, defaultCategory.Id)));
        _app.Services.GetRequiredService<Byline.Web.Features.Site.SiteSettingsProvider>().Invalidate();

        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/categories/{doomed.Id}", "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Null(await FindAsync(doomed.Id));
        Assert.Equal(general.Id, (await FindAsync(child.Id))!.ParentId);
        var page = await _editor.GetDocumentAsync($"/category/{defaultCategory.Slug}");
        Assert.Contains(page.QuerySelectorAll(".article-list h2"), h => h.Text() == "A strongly held view");
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "category.delete"));
        Assert.Contains("1 article moved to “Front page”", audit.Details, StringComparison.Ordinal);

        using var missing = await _editor.GetAsync($"/admin/taxonomy/categories/{doomed.Id}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_renamed_category_drops_the_redirects_that_led_to_it()
    {
        var category = await Data.CategoryAsync("Temporary");
        await Data.CategoryAsync("Another");
        using (var renamed = await EditAsync(category, Fields("Temporary", "short-lived")))
        {
            Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        }
        Assert.Equal(1, await _app.WithDbAsync(db => db.Redirects.CountAsync()));
        using var deleted = await _editor.SubmitFormAsync($"/admin/taxonomy/categories/{category.Id}", "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Redirects.CountAsync()));
    }

    [Fact]
    public async Task The_default_category_cannot_be_deleted_until_another_is_made_default()
    {
        // With no setting, the first top-level category is the default.
        var first = await Data.CategoryAsync("Aaa first");
        var second = await Data.CategoryAsync("Zzz second");
        await Data.ArticleAsync("Stays put", category: first);

        var edit = await _editor.GetDocumentAsync($"/admin/taxonomy/categories/{first.Id}");
        Assert.Null(edit.QuerySelector("#delete-form"));
        Assert.Contains("can't be deleted", edit.QuerySelector("main")!.Text(), StringComparison.Ordinal);

        // A forged delete of the default is refused too.
        using var forged = await _editor.PostWithTokenAsync($"/admin/taxonomy/categories/{first.Id}?handler=Delete");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotNull(await FindAsync(first.Id));

        using var makeDefault = await _editor.SubmitFormAsync("/admin/taxonomy", $"tr[data-category-id='{second.Id}'] form.make-default");
        Assert.Equal(HttpStatusCode.Redirect, makeDefault.StatusCode);
        Assert.Equal(second.Id, await _app.WithDbAsync(db => db.SiteSettings.Select(s => s.DefaultCategoryId).SingleAsync()));
        var settingsPage = await _editor.GetDocumentAsync("/admin/taxonomy");
        Assert.NotNull(settingsPage.QuerySelector($"tr[data-category-id='{second.Id}'] .badge"));

        using var deleted = await _editor.SubmitFormAsync($"/admin/taxonomy/categories/{first.Id}", "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await FindAsync(first.Id));
        var page = await _editor.GetDocumentAsync($"/category/{second.Slug}");
        Assert.Contains(page.QuerySelectorAll(".article-list h2"), h => h.Text() == "Stays put");
        Assert.Equal(1, await AuditCountAsync("category.default"));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_login()
    {
        var category = await Data.CategoryAsync();
        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, "/admin/taxonomy");
        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, $"/admin/taxonomy/categories/{category.Id}");
    }

    [Theory]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Authors_and_contributors_get_403_on_every_taxonomy_screen(string role)
    {
        var category = await Data.CategoryAsync("Untouchable");
        var fields = Fields("Hijacked", "hijacked");
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, "/admin/taxonomy", fields);
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, $"/admin/taxonomy/categories/{category.Id}", fields);
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, $"/admin/taxonomy/categories/{category.Id}?handler=Delete", fields);
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, "/admin/taxonomy/tags", fields);
        Assert.Equal("Untouchable", (await FindAsync(category.Id))!.Name);
        Assert.False(await _app.WithDbAsync(db => db.Categories.AnyAsync(c => c.Slug == "hijacked")));
    }

    [Fact]
    public async Task Administrators_may_manage_categories_too()
    {
        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using var response = await admin.SubmitFormAsync("/admin/taxonomy", "#category-form", Fields("Weather"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_form_token_is_refused_with_400()
    {
        var category = await Data.CategoryAsync("Science");
        using var create = await _editor.PostAsync("/admin/taxonomy", new FormUrlEncodedContent(Fields("Forged")));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        using var delete = await _editor.PostAsync($"/admin/taxonomy/categories/{category.Id}?handler=Delete", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.NotNull(await FindAsync(category.Id));
        Assert.False(await _app.WithDbAsync(db => db.Categories.AnyAsync(c => c.Name == "Forged")));
    }
}
