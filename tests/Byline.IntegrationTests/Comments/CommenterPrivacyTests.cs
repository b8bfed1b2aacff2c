using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Comments;

public sealed class CommenterPrivacyTests
{
    [Fact]
    public async Task Raw_ip_addresses_become_salted_hashes_after_the_retention_window_and_still_catch_a_returning_spammer()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Retention");
        var old = await data.CommentAsync(article, "Old spammer", email: "old-spammer@example.org", status: CommentStatus.Spam, age: TimeSpan.FromDays(40));
        var recent = await data.CommentAsync(article, "Recent", email: "recent@example.org", age: TimeSpan.FromDays(5));
        await app.WithDbAsync(db => db.Comments.Where(c => c.ArticleId == article.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IpAddress, "127.0.0.1").SetProperty(c => c.UserAgent, "Browser/1.0")));

        // The service also runs by itself at start; either run may be the one that hashes.
        await app.Services.GetRequiredService<IpRetentionService>().RunOnceAsync(default);

        var rows = await app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToDictionaryAsync(c => c.Id));
        Assert.StartsWith(IpAddressHasher.Prefix, rows[old.Id].IpAddress, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", rows[old.Id].IpAddress, StringComparison.Ordinal);
        Assert.Null(rows[old.Id].UserAgent);
        Assert.Equal("127.0.0.1", rows[recent.Id].IpAddress);

        // A new comment from the same address (the test server's loopback) is held: the hash still matches.
        await app.CreateClient().PostCommentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug),
            Html.CommentFields("New name", "new-name@example.org", "Same machine, new identity"));
        var newest = await app.WithDbAsync(db => db.Comments.AsNoTracking().OrderBy(c => c.Id).LastAsync());
        Assert.Equal(CommentStatus.Pending, newest.Status);
        Assert.Contains("IP address seen on earlier spam", newest.ModerationReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commenters_data_can_be_exported_and_erased_by_email()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Personal data");
        await data.CommentAsync(article, "Ines", email: "ines@example.org", body: "First");
        await data.CommentAsync(article, "Ines", email: "ines@example.org", body: "Second", status: CommentStatus.Pending);
        await data.CommentAsync(article, "Other", email: "other@example.org", body: "Not hers");

        await using var scope = app.Services.CreateAsyncScope();
        var commenterData = scope.ServiceProvider.GetRequiredService<CommenterData>();
        var export = await commenterData.ExportAsync(" INES@example.org ", default);
        Assert.Equal(["First", "Second"], export.Select(c => c.Body));
        Assert.All(export, c => Assert.Equal("Personal data", c.ArticleTitle));

        Assert.Equal(2, await commenterData.EraseAsync("ines@example.org", default));

        Assert.Empty(await commenterData.ExportAsync("ines@example.org", default));
        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        var authors = page.QuerySelectorAll(".comment-author").Select(a => a.Text()).ToList();
        Assert.Equal(["Anonymous", "Other"], authors);
        Assert.DoesNotContain("ines", page.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
    }
}
