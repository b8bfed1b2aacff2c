using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Spam.Akismet;

/// <summary>Akismet as part of the comment pipeline, against a local server that speaks its protocol.</summary>
public sealed class AkismetPipelineTests
{
    private static BylineAppFactory AppWith(FakeAkismetServer akismet, string key = FakeAkismetServer.ValidKey) => new()
    {
        Settings =
        {
            ["Byline:Akismet:ApiKey"] = key,
            ["Byline:Akismet:BlogUrl"] = "https://news.example.org/",
            ["Byline:Akismet:Endpoint"] = akismet.Endpoint.ToString(),
        },
    };

    [Fact]
    public async Task Akismet_spam_lands_in_spam_discard_is_dropped_and_ham_follows_the_local_rules()
    {
        await using var akismet = await FakeAkismetServer.StartAsync();
        await using var app = AppWith(akismet);
        var article = await new TestData(app).ArticleAsync("Akismet");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

        await app.CreateClient().PostCommentAsync(url, Html.CommentFields(FakeAkismetServer.GuaranteedSpamAuthor, "guaranteed@example.org", "Buy now"));
        await app.CreateClient().PostCommentAsync(url, Html.CommentFields("Blatant", "blatant@example.org", $"{FakeAkismetServer.BlatantMarker} cheap pills"));
        await app.CreateClient().PostCommentAsync(url, Html.CommentFields("Reader", "reader-akismet@example.org", "A fair point about the budget."));

        var stored = await app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(CommentStatus.Spam, stored[0].Status);
        Assert.Contains("Akismet", stored[0].ModerationReason, StringComparison.Ordinal);
        Assert.Equal(CommentStatus.Pending, stored[1].Status);
        var check = akismet.Requests.First(r => r.Path.EndsWith("comment-check", StringComparison.Ordinal));
        Assert.Equal("127.0.0.1", check.Form["user_ip"]);
        Assert.Equal("https://news.example.org/", check.Form["blog"]);
        Assert.EndsWith(url, check.Form["permalink"], StringComparison.Ordinal);
        Assert.Equal("comment", check.Form["comment_type"]);
    }

    [Fact]
    public async Task A_moderators_correction_is_reported_to_Akismet()
    {
        await using var akismet = await FakeAkismetServer.StartAsync();
        await using var app = AppWith(akismet);
        var article = await new TestData(app).ArticleAsync("Corrections");
        await app.CreateClient().PostCommentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug),
            Html.CommentFields("Reader", "reader-correction@example.org", "Looks like spam to a moderator"));
        var id = await app.WithDbAsync(db => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).SingleAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var comments = scope.ServiceProvider.GetRequiredService<CommentService>();
            await comments.SetStatusAsync(id, CommentStatus.Spam, default);
            await comments.SetStatusAsync(id, CommentStatus.Approved, default);
        }

        Assert.Contains(akismet.Requests, r => r.Path.EndsWith("submit-spam", StringComparison.Ordinal) && r.Form["comment_content"] == "Looks like spam to a moderator");
        Assert.Contains(akismet.Requests, r => r.Path.EndsWith("submit-ham", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_Akismet_is_down_the_local_pipeline_decides_alone()
    {
        await using var akismet = await FakeAkismetServer.StartAsync();
        akismet.FailWithStatus = 500;
        await using var app = AppWith(akismet);
        var article = await new TestData(app).ArticleAsync("Akismet down");

        await app.CreateClient().PostCommentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug),
            Html.CommentFields(FakeAkismetServer.GuaranteedSpamAuthor, "down@example.org", "Would be spam"));

        var stored = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.ArticleId == article.Id));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal("held: first comment from this e-mail address", stored.ModerationReason);
    }
}
