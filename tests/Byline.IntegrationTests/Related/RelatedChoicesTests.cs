using System.Net;
using Byline.IntegrationTests.Admin;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Related;

/// <summary>Editors pin and exclude related articles in the article editor; readers see the result.</summary>
public sealed class RelatedChoicesTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private Article _target = null!;
    private Article _similar = null!;
    private Article _unrelated = null!;

    public async Task InitializeAsync()
    {
        var data = new TestData(_app);
        var city = await data.CategoryAsync("City");
        var science = await data.CategoryAsync("Science");
        _target = await data.ArticleAsync("Harbour tram line approved", "The council approved the harbour tram line and its tram stops.", city, tags: ["Trams"]);
        _similar = await data.ArticleAsync("Tram line construction delayed", "Construction of the harbour tram line is delayed; tram stops open late.", city, tags: ["Trams"], age: TimeSpan.FromDays(2));
        await data.ArticleAsync("Harbour tram opening day", "Crowds rode the harbour tram line on its first day.", city, tags: ["Trams"], age: TimeSpan.FromDays(3));
        _unrelated = await data.ArticleAsync("Comet flyby", "The probe flew past the comet and sent images of the icy nucleus.", science, age: TimeSpan.FromDays(5));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string EditorUrl => $"/admin/articles/{_target.Id}";

    private async Task<List<string>> PublicRelatedAsync()
    {
        var page = await _app.CreateClient().GetDocumentAsync(ArticleLinks.Url(_target.PublishedAt!.Value, _target.Slug));
        return page.QuerySelectorAll(".related-list a").Select(a => a.Text()).ToList();
    }

    [Fact]
    public async Task An_editor_pins_an_unrelated_article_first_and_excludes_a_similar_one()
    {
        var before = await PublicRelatedAsync();   // also puts the page in the output cache
        Assert.Equal(_similar.Title, before[0]);
        Assert.DoesNotContain(_unrelated.Title, before);
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);

        using var pin = await editor.SubmitFormAsync(EditorUrl, "form.related-pin", new Dictionary<string, string> { ["otherId"] = $"{_unrelated.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, pin.StatusCode);
        var editorPage = await editor.GetDocumentAsync(EditorUrl);
        var row = editorPage.QuerySelectorAll("#related-articles tbody tr")[0];
        Assert.Equal([_unrelated.Title, "Pinned"], row.QuerySelectorAll("td").Skip(1).Take(2).Select(td => td.Text()));
        var excludeForm = editorPage.QuerySelectorAll("#related-articles tbody form")
            .Single(f => f.QuerySelector("input[name=otherId]")!.GetAttribute("value") == $"{_similar.Id}");
        using var exclude = await editor.SubmitFormAsync(excludeForm, EditorUrl);
        Assert.Equal(HttpStatusCode.Redirect, exclude.StatusCode);

        var after = await PublicRelatedAsync();
        Assert.Equal(_unrelated.Title, after[0]);
        Assert.DoesNotContain(_similar.Title, after);
        Assert.Contains(_similar.Title, (await editor.GetDocumentAsync(EditorUrl)).QuerySelector(".related-excluded")!.Text(), StringComparison.Ordinal);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("related.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["related.pin", "related.exclude"], audit);

        // Showing it again gives the slot back to the ranker; nothing else is lost.
        var showAgain = (await editor.GetDocumentAsync(EditorUrl)).QuerySelector(".related-excluded form")!;
        using var reset = await editor.SubmitFormAsync(showAgain, EditorUrl);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var last = await PublicRelatedAsync();
        Assert.Equal([_unrelated.Title, _similar.Title], last.Take(2));
    }

    [Fact]
    public async Task Pinning_nothing_or_the_article_itself_is_a_400_and_changes_nothing()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);

        using var empty = await editor.SubmitFormAsync(EditorUrl, "form.related-pin", new Dictionary<string, string> { ["otherId"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Choose a published article", (await empty.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        using var itself = await editor.SubmitFormAsync(EditorUrl, "form.related-pin", new Dictionary<string, string> { ["otherId"] = $"{_target.Id}" });
        Assert.Equal(HttpStatusCode.BadRequest, itself.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.RelatedArticleChoices.CountAsync()));
    }

    [Fact]
    public async Task A_contributor_may_not_choose_and_a_post_without_a_token_is_refused()
    {
        var url = $"{EditorUrl}?handler=PinRelated";
        var fields = new Dictionary<string, string> { ["otherId"] = $"{_unrelated.Id}" };
        var (contributor, _) = await _app.SignedInAsync(Roles.Contributor);
        using var forbidden = await contributor.PostWithTokenAsync(url, fields);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        using var noToken = await editor.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, url);
        Assert.Equal(0, await _app.WithDbAsync(db => db.RelatedArticleChoices.CountAsync()));
    }

    [Fact]
    public async Task An_author_who_may_publish_chooses_for_their_own_articles_only()
    {
        var (author, user) = await _app.SignedInAsync(Roles.Author);
        using var others = await author.PostWithTokenAsync($"{EditorUrl}?handler=PinRelated", new Dictionary<string, string> { ["otherId"] = $"{_unrelated.Id}" });
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);

        var authorId = (await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.AuthorId).SingleAsync()));
        await _app.WithDbAsync(db => db.Articles.Where(a => a.Id == _target.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.AuthorId, authorId)));
        using var own = await author.SubmitFormAsync(EditorUrl, "form.related-pin", new Dictionary<string, string> { ["otherId"] = $"{_unrelated.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal(_unrelated.Title, (await PublicRelatedAsync())[0]);
    }
}
