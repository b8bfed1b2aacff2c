using System.Text.Json;
using AngleSharp.Dom;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Comments;

/// <summary>Every string of the Big List of Naughty Strings, posted as name, website and comment, stays text.</summary>
public sealed class NaughtyStringsTests
{
    private static readonly HashSet<string> CommentElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "li", "article", "header", "span", "a", "time", "div", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol",
    };

    private static readonly string[] Strings = JsonSerializer.Deserialize<string[]>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "blns.json")))!;

    [Fact]
    public async Task Every_naughty_string_renders_as_inert_text_in_the_form_and_in_the_thread()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var articles = new List<Article>();
        for (var i = 0; i < 12; i++)
        {
            var article = await data.ArticleAsync($"Naughty {i}");
            await data.CommentAsync(article, "Regular", email: "naughty@example.org", body: "Earlier approved comment.");
            articles.Add(article);
        }
        var client = app.CreateClient();

        for (var i = 0; i < Strings.Length; i++)
        {
            var naughty = Strings[i];
            var url = ArticleLinks.Url(articles[i % articles.Count].PublishedAt!.Value, articles[i % articles.Count].Slug);

            // All three fields naughty: mostly refused (not a web address), and the form comes back inert.
            using (var refused = await client.PostCommentAsync(url, Html.CommentFields(naughty, "naughty@example.org", naughty, naughty)))
            {
                if (!refused.IsSuccessStatusCode)
                {
                    AssertInert(await refused.ParseAsync(), naughty);
                }
            }
            // Name and comment naughty, no website: a returning commenter, so it is published at once.
            using var _ = await client.PostCommentAsync(url, Html.CommentFields(naughty, "naughty@example.org", naughty + $" #{i}"));
        }

        var stored = await app.WithDbAsync(db => db.Comments.CountAsync(c => c.Status == CommentStatus.Approved));
        Assert.True(stored > Strings.Length, $"only {stored} comments were published");
        foreach (var article in articles)
        {
            AssertInert(await client.GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug)), article.Title);
        }
    }

    private static void AssertInert(IDocument page, string context)
    {
        var scripts = page.QuerySelectorAll("script").Where(s => s.GetAttribute("type") != "application/ld+json").ToList();
        Assert.True(scripts.Count == 0, $"a script element appeared for {context}");
        foreach (var element in page.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} for {context}");
                Assert.False(attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) && attribute.Name is "href" or "src" or "action",
                    $"javascript: URL for {context}");
            }
        }
        foreach (var comment in page.QuerySelectorAll(".comment"))
        {
            var unexpected = comment.QuerySelectorAll("*").Select(e => e.LocalName).Where(n => !CommentElements.Contains(n)).ToList();
            Assert.True(unexpected.Count == 0, $"unexpected <{string.Join(">, <", unexpected)}> in a comment for {context}");
            Assert.All(comment.QuerySelectorAll(".comment-author *"), e => Assert.Equal("a", e.LocalName));
        }
    }
}
