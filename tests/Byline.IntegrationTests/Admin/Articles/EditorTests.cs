using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Articles;

public sealed class EditorTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private int _categoryId;

    public async Task InitializeAsync()
    {
        _categoryId = (await new TestData(_app).CategoryAsync("World")).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Dictionary<string, string> Fields(string title, string body = "Some **bold** text.", string? command = "publish", string? slug = null, string tags = "") => new()
    {
        ["Form.Title"] = title,
        ["Form.Slug"] = slug ?? "",
        ["Form.Body"] = body,
        ["Form.Excerpt"] = "",
        ["Form.CategoryId"] = _categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Tags"] = tags,
        ["command"] = command ?? "",
    };

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<Article> ArticleAsync(int id) => _app.WithDbAsync(db => db.Articles.AsNoTracking().Include(a => a.Tags).SingleAsync(a => a.Id == id));

    [Fact]
    public async Task An_author_writes_and_publishes_and_readers_see_it_with_its_tags()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var response = await author.SubmitFormAsync("/admin/articles/new", "#article-editor",
            Fields("Harbour lights return", "The lights are **back** on the quay.", tags: "Harbour, Night life"));
        var id = IdFrom(response);

        var article = await ArticleAsync(id);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal("harbour-lights-return", article.Slug);
        Assert.Equal(["harbour", "night-life"], article.Tags.Select(t => t.Slug).Order());
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime, article.PublishedAt);

        var page = await _app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        Assert.Equal("Harbour lights return", page.QuerySelector("h1")!.Text());
        Assert.Equal("back", page.QuerySelector(".article-body strong")!.Text());
        Assert.NotNull(page.QuerySelector("a[href='/tag/night-life']"));

        var editor = await author.GetDocumentAsync($"/admin/articles/{id}");
        Assert.Equal("Published.", editor.QuerySelector("[role=status]")!.Text());
        Assert.Equal(1, await _app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "article.publish" && e.Subject.Contains("Harbour lights return"))));
    }

    [Fact]
    public async Task A_contributor_can_draft_and_submit_but_no_path_publishes()
    {
        var (contributor, _) = await _app.SignedInAsync(Roles.Contributor);
        var editorPage = await contributor.GetDocumentAsync("/admin/articles/new");
        Assert.Null(editorPage.QuerySelector("button[value=publish]"));
        Assert.Null(editorPage.QuerySelector("button[value=schedule]"));

        var id = IdFrom(await contributor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("A first draft", command: "draft")));
        Assert.Equal(ArticleStatus.Draft, (await ArticleAsync(id)).Status);

        // Tampering: the buttons are not there, but the commands are sent anyway.
        foreach (var command in new[] { "publish", "schedule" })
        {
            var fields = Fields("A first draft", command: command);
            fields["Form.PublishAt"] = "2030-01-01T09:00";
            using var tampered = await contributor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", fields);
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            Assert.Equal(ArticleStatus.Draft, (await ArticleAsync(id)).Status);
        }

        // "Update" keeps a draft a draft.
        IdFrom(await contributor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("A first draft", command: "update")));
        Assert.Equal(ArticleStatus.Draft, (await ArticleAsync(id)).Status);

        IdFrom(await contributor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("A first draft", command: "submit")));
        Assert.Equal(ArticleStatus.PendingReview, (await ArticleAsync(id)).Status);

        // An editor publishes it; from then on it is not the contributor's to change.
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        IdFrom(await editor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("A first draft", command: "publish")));
        Assert.Equal(ArticleStatus.Published, (await ArticleAsync(id)).Status);
        using var locked = await contributor.GetAsync($"/admin/articles/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
    }

    [Fact]
    public async Task Authors_cannot_open_or_change_someone_elses_article()
    {
        var (first, _) = await _app.SignedInAsync(Roles.Author);
        var id = IdFrom(await first.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Mine, not yours", command: "draft")));
        var (second, _) = await _app.SignedInAsync(Roles.Author);
        using var get = await second.GetAsync($"/admin/articles/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);

        // Posting with a form from their own article, aimed at the other one.
        var own = IdFrom(await second.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Their own", command: "draft")));
        var form = (await second.GetDocumentAsync($"/admin/articles/{own}")).QuerySelector("#article-editor")!;
        var fields = Fields("Hijacked", command: "draft");
        fields["Form.Version"] = (await ArticleAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var values = Forms.FieldsOf(form).Where(v => !fields.ContainsKey(v.Key)).Concat(fields).ToList();
        using var post = await second.PostAsync($"/admin/articles/{id}", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("Mine, not yours", (await ArticleAsync(id)).Title);
        using var trash = await second.PostAsync($"/admin/articles/{id}?handler=Trash", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.Forbidden, trash.StatusCode);
        Assert.Equal(ArticleStatus.Draft, (await ArticleAsync(id)).Status);
    }

    [Fact]
    public async Task Changing_a_published_slug_keeps_the_old_address_alive_with_a_301()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var id = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Council votes on trams")));
        var oldUrl = ArticleLinks.Url((await ArticleAsync(id)).PublishedAt!.Value, "council-votes-on-trams");

        IdFrom(await editor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("Council votes yes on trams", command: "update", slug: "council-votes-yes-on-trams")));
        var newUrl = ArticleLinks.Url((await ArticleAsync(id)).PublishedAt!.Value, "council-votes-yes-on-trams");

        var reader = _app.CreateBrowserlessClient();
        using var old = await reader.GetAsync(oldUrl + "?utm_source=feed");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal(newUrl + "?utm_source=feed", old.Headers.Location!.OriginalString);
        using var current = await reader.GetAsync(newUrl);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);

        // Unknown addresses are still plain 404s.
        using var missing = await reader.GetAsync("/2026/11/never-existed");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_slug_is_refused_with_a_message_and_nothing_changes()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Taken", slug: "taken-slug")));
        var id = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Other", command: "draft")));

        using var response = await editor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("Other, renamed", command: "draft", slug: "taken-slug"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("Another article already uses the slug “taken-slug”", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        // The typed text is still in the form, and the stored article is unchanged.
        Assert.Equal("Other, renamed", page.QuerySelector("input[name='Form.Title']")!.GetAttribute("value"));
        Assert.Equal("Other", (await ArticleAsync(id)).Title);

        // A title that collides gets a numbered slug instead of an error.
        var twin = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Taken slug", command: "draft")));
        Assert.Equal("taken-slug-2", (await ArticleAsync(twin)).Slug);
    }

    [Fact]
    public async Task Bad_input_is_explained_field_by_field()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var fields = Fields("", body: new string('x', ArticleEditor.BodyMaxLength + 1));
        fields["Form.FeaturedImageUrl"] = "javascript:alert(1)";
        fields["Form.CategoryId"] = "999999";
        using var response = await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ParseAsync()).QuerySelector(".form-errors")!.Text();
        Assert.Contains("Give the article a title.", errors, StringComparison.Ordinal);
        Assert.Contains("the most is 500,000", errors, StringComparison.Ordinal);
        Assert.Contains("Choose a category.", errors, StringComparison.Ordinal);
        Assert.Contains("media library", errors, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Articles.CountAsync()));

        using var garbage = await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", new Dictionary<string, string> { ["Form.CategoryId"] = "abc", ["command"] = "draft" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Hostile_markdown_is_sanitized_on_the_public_page_and_in_the_preview()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        const string hostile = "Hello <script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3))";
        var id = IdFrom(await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Hostile", hostile)));
        var article = await ArticleAsync(id);
        var page = await _app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        var body = page.QuerySelector(".article-body")!;
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Null(body.QuerySelector("[onerror]"));
        Assert.DoesNotContain("javascript:", body.InnerHtml, StringComparison.OrdinalIgnoreCase);

        using var preview = await author.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("Hostile", hostile, command: "preview"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewBody = (await preview.ParseAsync()).QuerySelector("#preview-body")!;
        Assert.Contains("Hello", previewBody.Text(), StringComparison.Ordinal);
        Assert.Empty(previewBody.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task Two_editors_saving_the_same_version_get_a_conflict_and_nothing_is_lost()
    {
        var (first, _) = await _app.SignedInAsync(Roles.Editor);
        var (second, _) = await _app.SignedInAsync(Roles.Editor);
        var id = IdFrom(await first.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Shared story", "Version one.", command: "draft")));

        var firstForm = (await first.GetDocumentAsync($"/admin/articles/{id}")).QuerySelector("#article-editor")!;
        var secondForm = (await second.GetDocumentAsync($"/admin/articles/{id}")).QuerySelector("#article-editor")!;
        IdFrom(await first.SubmitFormAsync(firstForm, $"/admin/articles/{id}", Fields("Shared story", "First editor's text.", command: "draft")));

        using var conflict = await second.SubmitFormAsync(secondForm, $"/admin/articles/{id}", Fields("Shared story", "Second editor's text.", command: "draft"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var page = await conflict.ParseAsync();
        Assert.Contains("Someone saved a newer version", page.QuerySelector(".conflict")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Second editor's text.", page.QuerySelector("textarea[name='Form.Body']")!.TextContent.Trim());
        Assert.Equal("First editor's text.", (await ArticleAsync(id)).BodyMarkdown);
    }

    [Fact]
    public async Task Revisions_show_a_diff_and_restoring_one_is_itself_a_new_revision()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var id = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Tides", "Line one.\nLine two.", command: "draft")));
        IdFrom(await editor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", Fields("Tides", "Line one.\nLine 2, rewritten.", command: "draft")));

        var list = await editor.GetDocumentAsync($"/admin/articles/{id}/revisions");
        Assert.Equal(2, list.QuerySelectorAll("tbody tr").Length);
        var diff = await editor.GetDocumentAsync($"/admin/articles/{id}/revisions?compare=1");
        Assert.Equal("− Line two.", diff.QuerySelector(".diff-lines del")!.Text());
        Assert.Equal("+ Line 2, rewritten.", diff.QuerySelector(".diff-lines ins")!.Text());

        using var restore = await editor.SubmitFormAsync($"/admin/articles/{id}/revisions?compare=1", ".diff form");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal("Line one.\nLine two.", (await ArticleAsync(id)).BodyMarkdown);
        Assert.Equal(3, await _app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
    }

    [Fact]
    public async Task Trash_hides_a_published_article_and_restore_brings_it_back()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var id = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Short-lived")));
        var url = ArticleLinks.Url((await ArticleAsync(id)).PublishedAt!.Value, "short-lived");
        var reader = _app.CreateBrowserlessClient();

        using (var trash = await editor.SubmitFormAsync($"/admin/articles/{id}", ".trash-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, trash.StatusCode);
        }
        using (var gone = await reader.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        var trashList = await editor.GetDocumentAsync("/admin/articles?status=trashed");
        Assert.NotNull(trashList.QuerySelector($"a[href='/admin/articles/{id}']"));

        using (var restore = await editor.SubmitFormAsync($"/admin/articles/{id}", "form[action*='handler=Restore']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        }
        using var back = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task Unpublished_articles_are_previewable_by_staff_only()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var id = IdFrom(await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Embargoed", "Not yet, **please**.", command: "draft")));
        var preview = await author.GetDocumentAsync($"/admin/articles/{id}/preview");
        Assert.Equal("Embargoed", preview.QuerySelector("article h1")!.Text());
        Assert.Contains("not visible to readers", preview.QuerySelector(".preview-banner")!.Text(), StringComparison.Ordinal);

        using var anonymous = await _app.CreateBrowserlessClient().GetAsync($"/admin/articles/{id}/preview");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        var (contributor, _) = await _app.SignedInAsync(Roles.Contributor);
        using var other = await contributor.GetAsync($"/admin/articles/{id}/preview");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task The_article_list_filters_by_status_and_shows_authors_only_their_own()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Editor's draft", command: "draft")));
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        IdFrom(await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Author's story")));

        var drafts = await editor.GetDocumentAsync("/admin/articles?status=draft");
        Assert.Equal(["Editor's draft"], drafts.QuerySelectorAll("tbody td:first-child a").Select(a => a.Text()));
        var everything = await editor.GetDocumentAsync("/admin/articles");
        Assert.Equal(2, everything.QuerySelectorAll("tbody tr").Length);
        var mine = await author.GetDocumentAsync("/admin/articles");
        Assert.Equal(["Author's story"], mine.QuerySelectorAll("tbody td:first-child a").Select(a => a.Text()));

        using var bad = await editor.GetAsync("/admin/articles?status=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Live_preview_and_autosave_need_the_form_token()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var forged = await author.PostAsync("/admin/api/articles/preview", new FormUrlEncodedContent([new("Form.Body", "**x**")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var id = IdFrom(await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Autosaved", "First.", command: "draft")));
        var form = (await author.GetDocumentAsync($"/admin/articles/{id}")).QuerySelector("#article-editor")!;
        var values = Forms.FieldsOf(form).Where(v => v.Key != "Form.Body").Append(new("Form.Body", "Typed **since**.")).ToList();

        using var preview = await author.PostAsync("/admin/api/articles/preview", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("<p>Typed <strong>since</strong>.</p>", (await preview.Content.ReadAsStringAsync()).Trim());

        using var autosave = await author.PostAsync($"/admin/api/articles/{id}/autosave", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.OK, autosave.StatusCode);
        Assert.Equal("Typed **since**.", (await ArticleAsync(id)).BodyMarkdown);
        // A second autosave from the same (now old) version is a conflict, reported, not applied.
        using var stale = await author.PostAsync($"/admin/api/articles/{id}/autosave", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task Autosave_of_a_published_article_is_only_a_revision()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var id = IdFrom(await author.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Live story", "Published text.")));
        var form = (await author.GetDocumentAsync($"/admin/articles/{id}")).QuerySelector("#article-editor")!;
        var values = Forms.FieldsOf(form).Where(v => v.Key != "Form.Body").Append(new("Form.Body", "Half-finished edit")).ToList();
        using var autosave = await author.PostAsync($"/admin/api/articles/{id}/autosave", new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.OK, autosave.StatusCode);
        Assert.Equal("Published text.", (await ArticleAsync(id)).BodyMarkdown);
        var revisions = await _app.WithDbAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Number).ToListAsync());
        Assert.Equal([false, true], revisions.Select(r => r.IsAutosave));
        Assert.Equal("Half-finished edit", revisions[^1].BodyMarkdown);
    }

    [Fact]
    public async Task A_featured_image_shows_on_the_article_and_in_its_card_meta_and_sticky_articles_lead_the_home_page()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var fields = Fields("Pinned and pictured");
        fields["Form.FeaturedImageUrl"] = "/media/2026/11/harbour.jpg";
        fields["Form.FeaturedImageAlt"] = "Fishing boats at dawn";
        fields["Form.IsSticky"] = "true";
        var id = IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", fields));
        _app.Clock.Advance(TimeSpan.FromHours(1));
        IdFrom(await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", Fields("Newer but ordinary")));

        var article = await ArticleAsync(id);
        var page = await _app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        var image = page.QuerySelector(".featured-image img")!;
        Assert.Equal("/media/2026/11/harbour.jpg", image.GetAttribute("src"));
        Assert.Equal("Fishing boats at dawn", image.GetAttribute("alt"));
        Assert.EndsWith("/media/2026/11/harbour.jpg", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"), StringComparison.Ordinal);

        var home = await _app.CreateClient().GetDocumentAsync("/");
        Assert.Equal("Pinned and pictured", home.QuerySelector(".article-list .card h2")!.Text());

        // An image without a description is refused: readers who cannot see it would get nothing.
        fields["Form.FeaturedImageAlt"] = "";
        using var missingAlt = await editor.SubmitFormAsync($"/admin/articles/{id}", "#article-editor", fields.Where(f => f.Key != "command").Append(new("command", "update")).ToDictionary());
        Assert.Equal(HttpStatusCode.BadRequest, missingAlt.StatusCode);
    }
}
