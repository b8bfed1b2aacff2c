using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Comments;

/// <summary>The spam and moderation pipeline end to end: a form posted over HTTP lands with the right status and reasons.</summary>
public sealed class ModerationPipelineTests
{
    private static string UrlOf(Article article) => ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

    private static Task<List<Comment>> CommentsOf(BylineAppFactory app, Article article) =>
        app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).ToListAsync());

    private static async Task ChangeSettingsAsync(BylineAppFactory app, Action<SiteSettings> change)
    {
        await app.WithDbAsync(async db =>
        {
            change(await db.SiteSettings.SingleAsync());
            await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
    }

    [Fact]
    public async Task A_bot_that_fills_the_honeypot_lands_in_spam_and_sees_what_a_held_commenter_sees()
    {
        await using var app = new BylineAppFactory();
        var article = await new TestData(app).ArticleAsync("Honeypot");
        var bot = app.CreateClient();
        var fields = Html.CommentFields("Bot", "bot-honeypot@example.org", "Great post, visit my site");
        fields["Comment.Phone"] = "555-0100";

        await bot.PostCommentAsync(UrlOf(article), fields);

        var stored = Assert.Single(await CommentsOf(app, article));
        Assert.Equal(CommentStatus.Spam, stored.Status);
        Assert.Equal("spam: the hidden honeypot field was filled in", stored.ModerationReason);
        var own = await bot.GetDocumentAsync(UrlOf(article));
        Assert.NotNull(own.QuerySelector($"#comment-{stored.Id} .awaiting-moderation"));
        var other = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        Assert.Null(other.QuerySelector($"#comment-{stored.Id}"));
    }

    [Fact]
    public async Task A_form_posted_faster_than_a_person_types_is_spam_and_one_posted_after_a_while_is_held()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Comments:MinimumSecondsToSubmit"] = "2" } };
        var article = await new TestData(app).ArticleAsync("Too fast");
        var client = app.CreateClient();

        await client.PostCommentAsync(UrlOf(article), Html.CommentFields("Quick", "quick@example.org", "Instant comment"),
            beforePost: () => app.Clock.Advance(TimeSpan.FromSeconds(0.5)));
        await client.PostCommentAsync(UrlOf(article), Html.CommentFields("Slow", "slow@example.org", "Thoughtful comment"),
            beforePost: () => app.Clock.Advance(TimeSpan.FromSeconds(20)));

        var stored = await CommentsOf(app, article);
        Assert.Equal(CommentStatus.Spam, stored[0].Status);
        Assert.Equal("spam: posted 0.5 s after the form was shown (minimum 2 s)", stored[0].ModerationReason);
        // Held, not spam: only the (shared) address of the earlier bot counts against it.
        Assert.Equal(CommentStatus.Pending, stored[1].Status);
        Assert.Equal("held: IP address seen on earlier spam, first comment", stored[1].ModerationReason);
    }

    [Fact]
    public async Task A_missing_or_forged_stamp_and_a_stale_form_are_held()
    {
        await using var app = new BylineAppFactory();
        var article = await new TestData(app).ArticleAsync("Stamps");
        var client = app.CreateClient();
        var forged = Html.CommentFields("Forger", "forger@example.org", "Forged stamp");
        forged["Comment.Stamp"] = "not-a-real-stamp";

        await client.PostCommentAsync(UrlOf(article), forged);
        await client.PostCommentAsync(UrlOf(article), Html.CommentFields("Late", "late@example.org", "Left the tab open"),
            beforePost: () => app.Clock.Advance(TimeSpan.FromDays(3)));

        var stored = await CommentsOf(app, article);
        Assert.All(stored, c => Assert.Equal(CommentStatus.Pending, c.Status));
        Assert.StartsWith("held: the form's time stamp is missing or invalid", stored[0].ModerationReason, StringComparison.Ordinal);
        Assert.StartsWith("held: the form was 72 hours old (maximum 48)", stored[1].ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_links_hold_even_a_returning_commenter_and_the_reason_says_why()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Links");
        await data.CommentAsync(article, "Regular", email: "regular-links@example.org");

        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Regular", "regular-links@example.org",
            "See https://example.org/a and https://example.org/b and www.example.net/c"));
        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Newbie", "newbie-links@example.org",
            "See https://example.org/a and https://example.org/b and www.example.net/c too"));

        var stored = (await CommentsOf(app, article)).Skip(1).ToList();
        Assert.All(stored, c => Assert.Equal(CommentStatus.Pending, c.Status));
        Assert.Equal("held: 3 links", stored[0].ModerationReason);
        Assert.Equal("held: 3 links, first comment", stored[1].ModerationReason);
    }

    [Fact]
    public async Task Blocked_terms_hold_or_mark_spam_and_the_allow_list_approves()
    {
        await using var app = new BylineAppFactory();
        var article = await new TestData(app).ArticleAsync("Lists");
        await ChangeSettingsAsync(app, s =>
        {
            s.BlockedTerms = "# words, addresses\ncasino\n@spam.example\n";
            s.AllowedCommenters = "editor-friend@example.org";
        });

        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Lucky", "lucky@example.org", "Best CASINO bonuses"));
        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Domain", "anyone@spam.example", "Hello"));
        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Friend", "editor-friend@example.org", "First time, trusted"));
        await ChangeSettingsAsync(app, s => s.BlockedTermAction = BlockedTermAction.Spam);
        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Lucky", "lucky2@example.org", "casino again"));

        var stored = await CommentsOf(app, article);
        Assert.Equal([CommentStatus.Pending, CommentStatus.Pending, CommentStatus.Approved, CommentStatus.Spam], stored.Select(c => c.Status));
        Assert.Equal("held: blocked term \"casino\", first comment", stored[0].ModerationReason);
        Assert.StartsWith("held: blocked term \"@spam.example\"", stored[1].ModerationReason, StringComparison.Ordinal);
        Assert.Equal("approved: on the allow list", stored[2].ModerationReason);
        Assert.Equal("spam: blocked term \"casino\"", stored[3].ModerationReason);
    }

    [Fact]
    public async Task Spam_teaches_the_pipeline_the_spammers_address_and_copied_text()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Learning");
        var earlier = await data.CommentAsync(article, "Spammer", email: "spammer@example.org", status: CommentStatus.Spam);
        var copied = "This exact sentence was posted by somebody else already, word for word.";
        await data.CommentAsync(article, "Original", email: "original@example.org", body: copied);
        await app.WithDbAsync(async db =>
        {
            await db.Comments.Where(c => c.ArticleId == article.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.BodyHash, c => c.AuthorEmail == "original@example.org" ? CommentBodyHash.Of(copied) : null));
        });

        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Spammer", "Spammer@Example.org", "Back again"));
        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Copycat", "copycat@example.org", copied.ToUpperInvariant()));

        var stored = (await CommentsOf(app, article)).Where(c => c.Id > earlier.Id + 1).ToList();
        Assert.Equal(CommentStatus.Spam, stored[0].Status);
        Assert.Contains("e-mail address seen on earlier spam", stored[0].ModerationReason, StringComparison.Ordinal);
        Assert.Equal(CommentStatus.Spam, stored[1].Status);
        Assert.StartsWith("spam: same text as comment #", stored[1].ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_the_same_comment_twice_keeps_one()
    {
        await using var app = new BylineAppFactory();
        var article = await new TestData(app).ArticleAsync("Double submit");
        var client = app.CreateBrowserlessClient();
        var fields = Html.CommentFields("Twice", "twice@example.org", "I pressed the button twice, sorry about that.");

        await client.PostCommentAsync(UrlOf(article), fields);
        using var second = await client.PostCommentAsync(UrlOf(article), fields);

        Assert.Single(await CommentsOf(app, article));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
    }

    [Fact]
    public async Task Too_many_comments_from_one_address_get_a_429_page_that_keeps_the_text()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Comments:PermitsPerEmail"] = "2" } };
        var article = await new TestData(app).ArticleAsync("Flood");
        var client = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            await client.PostCommentAsync(UrlOf(article), Html.CommentFields("Fast", "fast@example.org", $"Comment number {i}"));
        }
        using var refused = await client.PostCommentAsync(UrlOf(article), Html.CommentFields("Fast", "FAST@example.org", "The third one, kept"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var page = await refused.ParseAsync();
        Assert.Contains("Please wait", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal("The third one, kept", page.QuerySelector("textarea[name='Comment.Body']")!.TextContent);
        Assert.Equal(2, (await CommentsOf(app, article)).Count);
    }

    [Fact]
    public async Task Comments_are_a_little_markdown_raw_html_is_shown_as_text_and_links_are_nofollow()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Markdown comments");
        await data.CommentAsync(article, "Writer", email: "writer-md@example.org");

        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Writer", "writer-md@example.org",
            "**Bold** and `code` and <b>tag</b> and [a link](https://example.org/x)\n\n# Not a heading\n\n> quoted"));

        var page = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        var body = page.QuerySelectorAll(".comment-body")[^1];
        Assert.Equal("Bold", body.QuerySelector("strong")!.Text());
        Assert.Equal("code", body.QuerySelector("code")!.Text());
        Assert.Null(body.QuerySelector("b"));
        Assert.Contains("<b>tag</b>", body.TextContent, StringComparison.Ordinal);
        Assert.Equal("nofollow ugc", body.QuerySelector("a")!.GetAttribute("rel"));
        Assert.Null(body.QuerySelector("h1"));
        Assert.Contains("Not a heading", body.TextContent, StringComparison.Ordinal);
        Assert.NotNull(body.QuerySelector("blockquote"));
    }

    [Fact]
    public async Task The_site_can_close_comments_after_some_days_or_approve_everything()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var old = await data.ArticleAsync("Old news", age: TimeSpan.FromDays(10));
        var fresh = await data.ArticleAsync("Fresh news", age: TimeSpan.FromDays(1));
        await ChangeSettingsAsync(app, s =>
        {
            s.CloseCommentsAfterDays = 7;
            s.ModerationPolicy = CommentModerationPolicy.ApproveAll;
        });

        var oldPage = await app.CreateClient().GetDocumentAsync(UrlOf(old));
        Assert.Null(oldPage.QuerySelector("form.comment-form"));
        Assert.NotNull(oldPage.QuerySelector(".comments-closed"));

        await app.CreateClient().PostCommentAsync(UrlOf(fresh), Html.CommentFields("Anyone", "anyone-approve@example.org", "Straight through"));
        var stored = Assert.Single(await CommentsOf(app, fresh));
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Equal("approved: comments are approved automatically", stored.ModerationReason);
    }
}
