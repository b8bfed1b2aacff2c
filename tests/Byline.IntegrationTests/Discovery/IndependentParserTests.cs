using System.Diagnostics;
using System.Text.Json;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Discovery;

/// <summary>
/// Every feed read by an independent parser: the npm package rss-parser, run with node. test.sh installs
/// both (node from Debian, rss-parser into ~/.cache/byline-test-node) and sets BYLINE_NODE_MODULES.
/// </summary>
public sealed class IndependentParserTests
{
    private const string Script = """
        const Parser = require('rss-parser');
        const fs = require('fs');
        new Parser().parseString(fs.readFileSync(process.argv[2], 'utf8')).then(feed => {
          process.stdout.write(JSON.stringify({
            title: feed.title ?? null, link: feed.link ?? null,
            items: feed.items.map(i => ({ title: i.title ?? null, link: i.link ?? null, guid: i.guid ?? i.id ?? null,
              date: i.isoDate ?? null, enclosure: i.enclosure ? i.enclosure.url : null }))
          }));
        }).catch(e => { process.stderr.write(String(e)); process.exit(2); });
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record ParsedItem(string? Title, string? Link, string? Guid, string? Date, string? Enclosure);

    private sealed record ParsedFeed(string? Title, string? Link, List<ParsedItem> Items);

    private static string NodeModules()
    {
        var configured = Environment.GetEnvironmentVariable("BYLINE_NODE_MODULES");
        var path = !string.IsNullOrEmpty(configured)
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "byline-test-node", "node_modules");
        if (!Directory.Exists(Path.Combine(path, "rss-parser")))
        {
            Assert.Fail($"rss-parser is not installed in {path}. Run ./test.sh once, or: mkdir -p ~/.cache/byline-test-node && " +
                "cd ~/.cache/byline-test-node && npm install --no-audit --no-fund rss-parser@3 (and install nodejs).");
        }
        return path;
    }

    private static async Task<ParsedFeed> ParseAsync(HttpClient client, string url, string modules)
    {
        var xml = await client.GetStringAsync(url);
        var dir = Directory.CreateTempSubdirectory("byline-feed-");
        try
        {
            var file = Path.Combine(dir.FullName, "feed.xml");
            var script = Path.Combine(dir.FullName, "parse.js");
            await File.WriteAllTextAsync(file, xml);
            await File.WriteAllTextAsync(script, Script);
            var start = new ProcessStartInfo("node", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["NODE_PATH"] = modules;
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("node is not installed (Debian: apt-get install nodejs npm; test.sh does this).", e);
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"rss-parser rejected {url}: {await error}");
                return JsonSerializer.Deserialize<ParsedFeed>(await output, Json)!;
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_feed_parses_in_rss_parser_with_absolute_links_valid_dates_and_ids_that_survive_a_slug_change()
    {
        var modules = NodeModules();
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var world = await data.CategoryAsync("World");
        var writer = await data.AuthorAsync("Lin Chen");
        var summit = await data.ArticleAsync("Summit & “quotes” <in> Bangkok", category: world, author: writer, tags: ["Climate"], age: TimeSpan.FromHours(3));
        await data.ArticleAsync("Cup final", age: TimeSpan.FromHours(1));
        await data.CommentAsync(summit, name: "Ana");
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == summit.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FeaturedImageUrl, "https://images.example.org/summit.jpg").SetProperty(a => a.FeaturedImageAlt, "Delegates")));
        var client = app.CreateClient();
        var articleUrl = ArticleLinks.Url(summit.PublishedAt!.Value, summit.Slug);

        var feeds = new Dictionary<string, string[]>
        {
            ["/feed"] = ["Cup final", summit.Title],
            ["/feed/atom"] = ["Cup final", summit.Title],
            [$"/category/{world.Slug}/feed"] = [summit.Title],
            [$"/category/{world.Slug}/feed/atom"] = [summit.Title],
            ["/tag/climate/feed"] = [summit.Title],
            ["/tag/climate/feed/atom"] = [summit.Title],
            [$"/author/{writer.Slug}/feed"] = [summit.Title],
            [$"/author/{writer.Slug}/feed/atom"] = [summit.Title],
            ["/comments/feed"] = [$"Ana on {summit.Title}"],
            [$"{articleUrl}/comments/feed"] = [$"Ana on {summit.Title}"],
        };
        var guids = new Dictionary<string, List<string?>>();
        foreach (var (url, titles) in feeds)
        {
            var feed = await ParseAsync(client, url, modules);
            Assert.False(string.IsNullOrEmpty(feed.Title), url);
            Assert.Equal(titles, feed.Items.Select(i => i.Title));
            foreach (var item in feed.Items)
            {
                Assert.True(Uri.TryCreate(item.Link, UriKind.Absolute, out var link) && link.Host == "localhost", $"{url}: link {item.Link}");
                Assert.True(DateTimeOffset.TryParse(item.Date, System.Globalization.CultureInfo.InvariantCulture, out var date) && date.Year == 2026, $"{url}: date {item.Date}");
                Assert.False(string.IsNullOrEmpty(item.Guid), $"{url}: no guid");
            }
            guids[url] = [.. feed.Items.Select(i => i.Guid)];
        }
        var parsedSummit = (await ParseAsync(client, "/feed", modules)).Items.Single(i => i.Title == summit.Title);
        Assert.Equal("https://images.example.org/summit.jpg", parsedSummit.Enclosure);
        Assert.EndsWith(articleUrl, parsedSummit.Link, StringComparison.Ordinal);

        // A new slug: new links, same ids.
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == summit.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Slug, "summit-renamed").SetProperty(a => a.UpdatedAt, app.Clock.GetUtcNow().UtcDateTime)));
        foreach (var url in feeds.Keys.Where(u => !u.StartsWith(articleUrl, StringComparison.Ordinal)))
        {
            var feed = await ParseAsync(client, url, modules);
            Assert.Equal(guids[url], feed.Items.Select(i => i.Guid));
            Assert.All(feed.Items.Where(i => i.Title!.Contains("Summit", StringComparison.Ordinal)),
                i => Assert.Contains("summit-renamed", i.Link, StringComparison.Ordinal));
        }
    }
}
