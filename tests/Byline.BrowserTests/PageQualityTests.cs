using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Byline.BrowserTests;

/// <summary>
/// Third-party page checks on every run (issue #8): Lighthouse 12 (mobile and desktop), the Nu HTML Checker
/// (vnu-jar) and axe-core (light and dark colour scheme), the checkers and rules of
/// /work/shared/checks/check-page.sh, driven over all pages at once by <c>PageQuality/page-checks.mjs</c> (one
/// Chromium per tool, one java process for all HTML). The checks run once, on the first case; every case then
/// asserts its own page and check. Targets: Lighthouse 100 in all four categories on public pages; on staff
/// pages (noindex, behind a sign-in) accessibility and best practices 100, performance and SEO reported only;
/// 0 HTML errors; 0 axe violations. Nothing is skipped: missing tools fail every case with the reason.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class PageQualityTests(PageQualityTests.OwnServer server, ITestOutputHelper output) : IClassFixture<PageQualityTests.OwnServer>
{
    /// <summary>
    /// The checks audit the site as readers find it: the demo newsroom, with a server of its own. The shared
    /// server carries what other browser tests leave behind, such as the Big List of Naughty Strings stored as
    /// approved comments by <see cref="XssTests"/>, whose control characters then sit in every page's Recent
    /// Comments box. (Still in the collection, so nothing else runs while Lighthouse times the pages.)
    /// </summary>
    public sealed class OwnServer : IAsyncLifetime
    {
        public BrowserFixture Browser { get; } = new();

        public Task InitializeAsync() => Browser.InitializeAsync();

        public Task DisposeAsync() => Browser.DisposeAsync();
    }

    private readonly BrowserFixture _browser = server.Browser;

    private sealed record PageToCheck(string Name, bool SignedIn, bool Lighthouse);

    private static readonly PageToCheck[] Pages =
    [
        new("home", false, true),
        new("article", false, true),
        new("category", false, true),
        new("tag", false, true),
        new("author", false, true),
        new("search", false, true),
        // Lighthouse refuses to audit a non-2xx page: the 404's markup is checked by vnu (saved HTML) and axe (live).
        new("not-found", false, false),
        new("privacy", false, true),
        new("login", false, true),
        new("admin-dashboard", true, true),
        new("admin-articles", true, true),
        new("admin-article-editor", true, true),
        new("admin-comments", true, true),
        new("admin-media", true, true),
        new("admin-settings", true, true),
    ];

    private static readonly string[] Categories = ["performance", "accessibility", "best-practices", "seo"];

    /// <summary>Staff pages are noindex and behind a sign-in: these categories are reported, not required.</summary>
    private static readonly string[] ReportedOnlyForStaff = ["performance", "seo"];

    private static readonly SemaphoreSlim RunGate = new(1, 1);
    private static JsonDocument? s_results;
    private static string? s_runFailure;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var page in Pages)
        {
            if (page.Lighthouse)
            {
                // Staff work at desks: the admin screens are audited with the desktop profile only.
                if (!page.SignedIn)
                {
                    cases.Add(page.Name, "lighthouse-mobile");
                }
                cases.Add(page.Name, "lighthouse-desktop");
            }
            cases.Add(page.Name, "html");
            cases.Add(page.Name, "axe-light");
            cases.Add(page.Name, "axe-dark");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Page_meets_the_quality_target(string page, string check)
    {
        var results = await ResultsAsync();
        var entry = results.RootElement.GetProperty("pages").GetProperty(page);
        var url = entry.GetProperty("url").GetString();
        var signedIn = Pages.Single(p => p.Name == page).SignedIn;
        var problems = new List<string>();

        if (check.StartsWith("lighthouse-", StringComparison.Ordinal))
        {
            var preset = check["lighthouse-".Length..];
            Assert.True(entry.GetProperty("lighthouse").TryGetProperty(preset, out var lh), $"No Lighthouse {preset} result for {url}.");
            if (lh.TryGetProperty("error", out var error))
            {
                Assert.Fail($"Lighthouse {preset} could not audit {url}: {error.GetString()}");
            }
            var scores = lh.GetProperty("scores");
            // A staff page that redirected to the login form would be scored as the login form.
            Assert.True(lh.GetProperty("finalUrl").GetString() == url,
                $"Lighthouse {preset} audited {lh.GetProperty("finalUrl")} instead of {url} (a redirect: was the staff cookie sent?).");
            output.WriteLine($"Lighthouse {preset} {url}: {scores} (attempts: {lh.GetProperty("attempts")})");
            if (lh.GetProperty("runtimeError").ValueKind == JsonValueKind.String)
            {
                problems.Add($"runtime error {lh.GetProperty("runtimeError").GetString()}");
            }
            foreach (var category in Categories)
            {
                var score = scores.TryGetProperty(category, out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : (int?)null;
                if (score != 100 && !(signedIn && ReportedOnlyForStaff.Contains(category)))
                {
                    problems.Add($"{category} {score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"} (target 100)");
                }
            }
            if (problems.Count > 0)
            {
                var failing = string.Join("; ", lh.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
                Assert.Fail($"Lighthouse {preset} on {url}: {string.Join(", ", problems)}. Audits below 100: {failing}. " +
                    $"Attempts: {lh.GetProperty("attempts")}. Reports: {OutDir}");
            }
        }
        else if (check == "html")
        {
            var html = entry.GetProperty("html");
            var messages = html.GetProperty("messages").EnumerateArray().Select(m => m.GetString()).ToList();
            output.WriteLine($"vnu {url} (HTTP {html.GetProperty("status")}): {html.GetProperty("errors")} errors, {html.GetProperty("warnings")} warnings");
            messages.ForEach(m => output.WriteLine(m));
            var expectedStatus = page == "not-found" ? 404 : 200;
            Assert.True(html.GetProperty("status").GetInt32() == expectedStatus,
                $"{url} answered HTTP {html.GetProperty("status")}, expected {expectedStatus} (a staff page redirecting means the cookie was not sent).");
            Assert.True(html.GetProperty("errors").GetInt32() == 0,
                $"The Nu HTML Checker found errors in {url}:\n{string.Join("\n", messages.Where(m => m!.StartsWith("error", StringComparison.Ordinal) || m.StartsWith("non-document", StringComparison.Ordinal)))}");
        }
        else
        {
            var scheme = check["axe-".Length..];
            Assert.True(entry.GetProperty("axe").TryGetProperty(scheme, out var axe), $"No axe result ({scheme}) for {url}.");
            if (axe.TryGetProperty("error", out var error))
            {
                Assert.Fail($"axe ({scheme}) could not check {url}: {error.GetString()}");
            }
            var violations = axe.GetProperty("violations");
            Assert.True(axe.GetProperty("status").GetInt32() == (page == "not-found" ? 404 : 200),
                $"axe ({scheme}) got HTTP {axe.GetProperty("status")} from {url}.");
            Assert.True(axe.GetProperty("finalUrl").GetString() == url,
                $"axe ({scheme}) checked {axe.GetProperty("finalUrl")} instead of {url} (a redirect: was the staff cookie sent?).");
            output.WriteLine($"axe {axe.GetProperty("version")} ({scheme}) {url}: HTTP {axe.GetProperty("status")}, {violations.GetArrayLength()} violations, {axe.GetProperty("passes")} passes");
            Assert.True(violations.GetArrayLength() == 0, $"axe ({scheme} colour scheme) found violations on {url}:\n{violations}");
        }
    }

    private static string OutDir { get; } = Path.Combine(Path.GetTempPath(), $"byline-page-checks-{Environment.ProcessId}");

    /// <summary>Runs the checkers once per test run (on the first case) and keeps the results for the others.</summary>
    private async Task<JsonDocument> ResultsAsync()
    {
        await RunGate.WaitAsync();
        try
        {
            if (s_results is null && s_runFailure is null)
            {
                try
                {
                    s_results = await RunChecksAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or JsonException or TimeoutException)
                {
                    s_runFailure = e.Message;
                }
            }
            if (s_runFailure is not null)
            {
                Assert.Fail($"The page checks did not run: {s_runFailure}");
            }
            return s_results!;
        }
        finally
        {
            RunGate.Release();
        }
    }

    private async Task<JsonDocument> RunChecksAsync()
    {
        var checksDir = Environment.GetEnvironmentVariable("BYLINE_PAGE_CHECKS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "page-checks");
        foreach (var package in new[] { "lighthouse", "vnu-jar", "playwright-core", "@axe-core/playwright", "chrome-launcher" })
        {
            if (!Directory.Exists(Path.Combine(checksDir, "node_modules", package)))
            {
                throw new InvalidOperationException(
                    $"The npm package {package} is missing from {checksDir}/node_modules (BYLINE_PAGE_CHECKS). ./test.sh installs the checkers; " +
                    "or: cd that folder && npm install lighthouse@12 vnu-jar playwright-core @axe-core/playwright@4.13");
            }
        }
        var chromium = Environment.GetEnvironmentVariable("BYLINE_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        var script = Path.Combine(AppContext.BaseDirectory, "PageQuality", "page-checks.mjs");

        Directory.CreateDirectory(OutDir);
        var root = _browser.RootUri;
        var (staff, _) = await _browser.NewStaffAsync(Roles.Administrator);
        string cookie;
        await using (staff)
        {
            var cookies = await staff.CookiesAsync([root.ToString()]);
            cookie = string.Join("; ", cookies.Select(k => $"{k.Name}={k.Value}"));
        }
        if (!cookie.Contains(IdentityRegistration.CookieName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Signing in as an administrator gave no auth cookie.");
        }

        var plan = new
        {
            outDir = OutDir,
            cookie,
            pages = (await UrlsAsync(root)).Select(u => new
            {
                name = u.Key,
                url = u.Value,
                signedIn = Pages.Single(p => p.Name == u.Key).SignedIn,
                lighthouse = Cases().Where(k => (string)k[0] == u.Key && ((string)k[1]).StartsWith("lighthouse-", StringComparison.Ordinal))
                    .Select(k => ((string)k[1])["lighthouse-".Length..]).ToArray(),
            }).ToArray(),
        };
        var planPath = Path.Combine(OutDir, "plan.json");
        var resultsPath = Path.Combine(OutDir, "results.json");
        await File.WriteAllTextAsync(planPath, JsonSerializer.Serialize(plan));
        File.Delete(resultsPath);

        var start = new ProcessStartInfo("node", [script, planPath, resultsPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CHECKS_DIR"] = checksDir;
        start.Environment["CHROME_PATH"] = chromium;
        var log = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The page checks took longer than 20 minutes. Output so far:\n{log}");
        }
        // The plan holds a live session cookie: it is not left behind.
        File.Delete(planPath);
        await File.WriteAllTextAsync(Path.Combine(OutDir, "checks.log"), log.ToString());
        output.WriteLine($"Page checks took {stopwatch.Elapsed.TotalSeconds:0} s; reports in {OutDir}.");
        output.WriteLine(log.ToString());
        if (process.ExitCode != 0 || !File.Exists(resultsPath))
        {
            throw new InvalidOperationException($"page-checks.mjs exited with {process.ExitCode}:\n{log}");
        }
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        if (document.RootElement.TryGetProperty("toolErrors", out var toolErrors))
        {
            throw new InvalidOperationException($"A checker failed to run (is java installed? apt-get install default-jre-headless): {toolErrors}");
        }
        return document;
    }

    /// <summary>Each page's address, found the way a reader finds it where that matters (the article from the home page).</summary>
    private async Task<Dictionary<string, string>> UrlsAsync(Uri root)
    {
        using var http = new HttpClient { BaseAddress = root };
        var home = await http.GetStringAsync("/");
        var articlePath = ArticleLink().Match(home) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("The home page links to no mission-bangkok article.");
        int articleId;
        await using (var scope = _browser.App.Services.CreateAsyncScope())
        {
            articleId = (await scope.ServiceProvider.GetRequiredService<ArticleQueries>().FindBySlugAsync("mission-bangkok", CancellationToken.None))!.Id;
        }
        string U(string path) => new Uri(root, path).ToString();
        return new()
        {
            ["home"] = U("/"),
            ["article"] = U(articlePath),
            ["category"] = U("/category/city"),
            ["tag"] = U("/tag/flooding"),
            ["author"] = U("/author/maya-okafor"),
            ["search"] = U("/search?q=flood"),
            ["not-found"] = U("/no-such-page-here"),
            ["privacy"] = U("/privacy"),
            ["login"] = U("/account/login"),
            ["admin-dashboard"] = U("/admin"),
            ["admin-articles"] = U("/admin/articles"),
            ["admin-article-editor"] = U($"/admin/articles/{articleId}"),
            ["admin-comments"] = U("/admin/comments"),
            ["admin-media"] = U("/admin/media"),
            ["admin-settings"] = U("/admin/settings"),
        };
    }

    [GeneratedRegex("href=\"(/[0-9]{4}/[0-9]{2}/mission-bangkok)\"")]
    private static partial Regex ArticleLink();
}
