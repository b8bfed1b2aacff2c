using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Spam;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Spam;

/// <summary>The statistical classifier inside the comment pipeline: trained at first start, saved, taught by moderators.</summary>
public sealed class ClassifierPipelineTests
{
    private const string YouTubeStyleSpam = "Check out my channel!!! Subscribe to me, free iphone giveaway http://example.biz/free and like this comment";
    private const string Ham = "I disagree with the council on the tram budget; the harbour line matters more than the ring road.";

    [Fact]
    public async Task A_new_site_trains_and_saves_a_model_that_catches_typical_spam_and_explains_it()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Spam:Classifier"] = "true" } };
        var article = await new TestData(app).ArticleAsync("Classifier");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

        Assert.True(await app.WithDbAsync(db => db.SpamModels.AnyAsync()));
        await app.CreateClient().PostCommentAsync(url, Html.CommentFields("Promo", "promo@example.org", YouTubeStyleSpam));
        await app.CreateClient().PostCommentAsync(url, Html.CommentFields("Reader", "reader-classifier@example.org", Ham));

        var stored = await app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(CommentStatus.Spam, stored[0].Status);
        Assert.Matches(@"^spam: classifier [01]\.\d\d", stored[0].ModerationReason);
        Assert.Equal(CommentStatus.Pending, stored[1].Status);
        Assert.DoesNotContain("classifier", stored[1].ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderators_verdict_teaches_the_model_and_the_saved_model_changes()
    {
        await using var app = new BylineAppFactory { Settings = { ["Byline:Spam:Classifier"] = "true" } };
        var data = new TestData(app);
        var article = await data.ArticleAsync("Teaching");
        const string local = "Cheap harbour parking permits sold here, message me for the best harbour parking permit price";
        var comment = await data.CommentAsync(article, "Seller", email: "seller@example.org", body: local, status: CommentStatus.Pending);
        var store = app.Services.GetRequiredService<SpamModelStore>();
        var sample = new SpamSample("Seller", local, null, "seller@example.org");
        var before = store.Classifier!.SpamProbability(sample);
        var versionBefore = await app.WithDbAsync(db => db.SpamModels.Select(m => m.Version).SingleAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CommentService>().SetStatusAsync(comment.Id, CommentStatus.Spam, default);
        }

        Assert.True(store.Classifier.SpamProbability(sample) > before);
        Assert.Equal(versionBefore + 1, await app.WithDbAsync(db => db.SpamModels.Select(m => m.Version).SingleAsync()));
        var saved = SpamModel.FromBytes(await app.WithDbAsync(db => db.SpamModels.Select(m => m.Data).SingleAsync()));
        Assert.Equal(store.Classifier.SpamProbability(sample), saved.SpamProbability(sample), 6);
    }
}
