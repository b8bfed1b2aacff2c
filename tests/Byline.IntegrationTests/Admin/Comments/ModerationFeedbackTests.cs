using Byline.IntegrationTests.Infrastructure;
using Byline.IntegrationTests.Spam.Akismet;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Spam;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>A moderator's spam verdicts in the admin area teach the classifier and are reported to Akismet.</summary>
public sealed class ModerationFeedbackTests
{
    [Fact]
    public async Task Marking_spam_and_rescuing_from_spam_in_the_queue_is_reported_to_Akismet()
    {
        await using var akismet = await FakeAkismetServer.StartAsync();
        await using var app = new BylineAppFactory
        {
            Settings =
            {
                ["Byline:Akismet:ApiKey"] = FakeAkismetServer.ValidKey,
                ["Byline:Akismet:BlogUrl"] = "https://news.example.org/",
                ["Byline:Akismet:Endpoint"] = akismet.Endpoint.ToString(),
            },
        };
        var article = await new TestData(app).ArticleAsync("Akismet feedback");
        await app.CreateClient().PostCommentAsync(Moderation.PublicUrl(article),
            Html.CommentFields("Seller", "seller-feedback@example.org", "Discount watches, message me"));
        var id = await app.WithDbAsync(db => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).SingleAsync());
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        Assert.DoesNotContain(akismet.Requests, r => r.Path.EndsWith("submit-spam", StringComparison.Ordinal));

        await editor.PressAsync(Moderation.QueueOf(article), id, "spam");

        var report = Assert.Single(akismet.Requests, r => r.Path.EndsWith("submit-spam", StringComparison.Ordinal));
        Assert.Equal("Discount watches, message me", report.Form["comment_content"]);
        Assert.Equal("seller-feedback@example.org", report.Form["comment_author_email"]);

        await editor.BulkAsync(Moderation.QueueOf(article, "spam"), "not-spam", id);

        Assert.Single(akismet.Requests, r => r.Path.EndsWith("submit-ham", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marking_spam_in_the_queue_teaches_the_classifier_and_saves_the_model()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Spam:Classifier"] = "true" } };
        var article = await new TestData(app).ArticleAsync("Classifier feedback");
        const string text = "Cheap harbour parking permits sold here, message me for the best harbour parking permit price";
        var comment = await new TestData(app).CommentAsync(article, "Seller", "seller-classifier@example.org", CommentStatus.Pending, body: text);
        var store = app.Services.GetRequiredService<SpamModelStore>();
        var sample = new SpamSample("Seller", text, null, "seller-classifier@example.org");
        var before = store.Classifier!.SpamProbability(sample);
        var version = await app.WithDbAsync(db => db.SpamModels.Select(m => m.Version).SingleAsync());
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        await editor.PressAsync(Moderation.QueueOf(article), comment.Id, "spam");

        Assert.True(store.Classifier.SpamProbability(sample) > before);
        Assert.Equal(version + 1, await app.WithDbAsync(db => db.SpamModels.Select(m => m.Version).SingleAsync()));
    }
}
