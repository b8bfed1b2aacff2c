using System.Net;
using System.Text.Json;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>One commenter's history, and the admin side of the privacy tools: export and erase.</summary>
public sealed class CommenterHistoryTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    [Fact]
    public async Task The_history_lists_every_comment_of_one_address_with_counts_by_status()
    {
        var first = await _data.ArticleAsync("History one");
        var second = await _data.ArticleAsync("History two");
        const string email = "regular-history@example.org";
        var approved = await _data.CommentAsync(first, "Regular", email, CommentStatus.Approved, age: TimeSpan.FromDays(3));
        var pending = await _data.CommentAsync(second, "Regular", email, CommentStatus.Pending, age: TimeSpan.FromDays(2));
        var spam = await _data.CommentAsync(second, "Regular", email, CommentStatus.Spam, age: TimeSpan.FromDays(1));
        await _data.CommentAsync(first, "Someone else", "else-history@example.org");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        var historyUrl = (await editor.GetDocumentAsync(Moderation.QueueOf(second, "all"))).Row(pending.Id).QuerySelector(".author-history")!.GetAttribute("href")!;
        var page = await editor.GetDocumentAsync(historyUrl);

        Assert.Equal("Comments by Regular", page.QuerySelector("h1")!.Text());
        Assert.Equal("3 comments from regular-history@example.org", page.QuerySelector("#history-heading")!.Text());
        Assert.Equal([spam.Id, pending.Id, approved.Id], page.QuerySelectorAll(".commenter-history tbody tr").Select(r => int.Parse(r.Id!["comment-row-".Length..])));
        Assert.Equal(["Spam", "Pending", "Approved"], page.QuerySelectorAll(".commenter-history td.comment-status").Select(td => td.Text()));
        Assert.Equal("1", page.QuerySelector("[data-status=pending]")!.Text());
        Assert.Equal("1", page.QuerySelector("[data-status=approved]")!.Text());
        Assert.Equal("1", page.QuerySelector("[data-status=spam]")!.Text());
        Assert.Equal("0", page.QuerySelector("[data-status=trash]")!.Text());
    }

    [Fact]
    public async Task Export_downloads_everything_stored_for_the_address_as_json()
    {
        var article = await _data.ArticleAsync("Exported");
        const string email = "export-me@example.org";
        var comment = await _data.CommentAsync(article, "Exporter", email, CommentStatus.Approved, body: "My words.");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        using var download = await editor.SubmitFormAsync($"/admin/comments/commenter?email={Uri.EscapeDataString(email)}", "form.commenter-export");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".json", download.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal(email, json.RootElement.GetProperty("email").GetString());
        var exported = Assert.Single(json.RootElement.GetProperty("comments").EnumerateArray());
        Assert.Equal(comment.Id, exported.GetProperty("id").GetInt32());
        Assert.Equal("My words.", exported.GetProperty("body").GetString());
        Assert.Equal("Exported", exported.GetProperty("articleTitle").GetString());
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync(e => e.Action == "commenter.export"));
        Assert.Equal("personal data of Exporter (1 comment)", entry.Subject);
    }

    [Fact]
    public async Task Erasing_needs_the_confirmation_then_anonymises_every_comment_which_stays_published()
    {
        var article = await _data.ArticleAsync("Erased");
        const string email = "erase-me@example.org";
        var first = await _data.CommentAsync(article, "Eraser", email, CommentStatus.Approved, body: "Keep the thread readable.");
        await _data.CommentAsync(article, "Eraser", email, CommentStatus.Pending);
        await app.WithDbAsync(db => db.Comments.Where(c => c.AuthorEmail == email)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IpAddress, "203.0.113.9").SetProperty(c => c.AuthorUrl, "https://eraser.example.org/")));
        var (editor, _) = await app.SignedInAsync(Roles.Administrator);
        var url = $"/admin/comments/commenter?email={Uri.EscapeDataString(email)}";

        using var unconfirmed = await editor.SubmitFormAsync(url, "form.commenter-erase");
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal("Tick the box to confirm: erasing cannot be undone.", (await unconfirmed.ParseAsync()).QuerySelector("#erase-error")!.Text());
        Assert.Equal(2, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.AuthorEmail == email)));

        using var erased = await editor.SubmitFormAsync(url, "form.commenter-erase", new Dictionary<string, string> { ["ConfirmErase"] = "true" });

        Assert.Equal("Personal data erased from 2 comments. The comments stay, signed “Anonymous”.", await editor.FollowAsync(erased));
        var rows = await app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToListAsync());
        Assert.All(rows, c => Assert.Equal(("Anonymous", "", null, null), (c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.IpAddress)));
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.Equal("Anonymous", page.QuerySelector($"#comment-{first.Id} .comment-author")!.Text());
        Assert.Equal("Keep the thread readable.", page.QuerySelector($"#comment-{first.Id} .comment-body")!.Text());
        Assert.Contains("Anonymous on Erased", page.QuerySelectorAll(".recent-comments li").Select(li => li.Text()));
        Assert.Equal("No comments from erase-me@example.org.", (await editor.GetDocumentAsync(url)).QuerySelector(".empty")!.Text());
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync(e => e.Action == "commenter.erase"));
        Assert.Equal("personal data of Eraser (2 comments)", entry.Subject);
        var logged = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(e => e.Subject + " " + e.Details).ToListAsync());
        Assert.DoesNotContain(logged, text => text.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exporting_or_erasing_an_unknown_address_is_404()
    {
        var article = await _data.ArticleAsync("Unknown commenter");
        await _data.CommentAsync(article, "Known", "known-404@example.org");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var page = await editor.GetDocumentAsync("/admin/comments/commenter?email=known-404%40example.org");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var handler in new[] { "Export", "Erase" })
        {
            using var response = await editor.PostAsync($"/admin/comments/commenter?handler={handler}&email=nobody-404%40example.org",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ConfirmErase"] = "true" }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal("Known", await app.WithDbAsync(db => db.Comments.Where(c => c.AuthorEmail == "known-404@example.org").Select(c => c.AuthorName).SingleAsync()));
    }
}
