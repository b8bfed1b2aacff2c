using System.Net;
using System.Text.RegularExpressions;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;

namespace Byline.IntegrationTests.Security;

/// <summary>
/// Every route of the app, requested as an anonymous visitor and as each role, GET and POST, against
/// the expectation written here. A route added without an expectation fails the first test, so new
/// pages cannot slip out unguarded.
/// </summary>
public sealed partial class AuthorizationMatrixTests : IAsyncLifetime
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,

        /// <summary>Any staff role.</summary>
        Staff,

        Publish,
        UploadMedia,
        ManageContent,
        ManageSite,
    }

    /// <summary>The matrix. Keys are route patterns exactly as the endpoint data source lists them.</summary>
    private static readonly Dictionary<string, Access> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/"] = Access.Public,
        ["/{slug}"] = Access.Public,
        ["/{year:int:range(1970,9999)}/{month:int:range(1,12)?}"] = Access.Public,
        ["/{year:int}/{month:int}/{slug}"] = Access.Public,
        // The other permalink forms (docs/discovery.md#permalinks); /{slug} is shared with static pages.
        ["/{year:int}/{month:int}/{day:int}/{slug}"] = Access.Public,
        ["/{category}/{slug}"] = Access.Public,
        ["/author/{slug}"] = Access.Public,
        ["/category/{slug}"] = Access.Public,
        ["/tag/{slug}"] = Access.Public,
        ["/search"] = Access.Public,
        ["/privacy"] = Access.Public,
        ["/status/{code:int}"] = Access.Public,
        ["/error"] = Access.Public,
        ["/robots.txt"] = Access.Public,
        ["/sitemap.xml"] = Access.Public,
        ["/sitemaps/articles-{number:int}.xml"] = Access.Public,
        ["/sitemaps/authors.xml"] = Access.Public,
        ["/sitemaps/categories.xml"] = Access.Public,
        ["/sitemaps/pages.xml"] = Access.Public,
        ["/sitemaps/tags.xml"] = Access.Public,
        ["/feed"] = Access.Public,
        ["/opensearch.xml"] = Access.Public,
        ["/health/live"] = Access.Public,
        ["/health/ready"] = Access.Public,
        ["/feed/atom"] = Access.Public,
        ["/category/{slug}/feed"] = Access.Public,
        ["/category/{slug}/feed/atom"] = Access.Public,
        ["/author/{slug}/feed/atom"] = Access.Public,
        ["/tag/{slug}/feed/atom"] = Access.Public,
        ["/{**path:file}"] = Access.Public,
        ["/tag/{slug}/feed"] = Access.Public,
        ["/author/{slug}/feed"] = Access.Public,
        ["/comments/feed"] = Access.Public,
        ["/{year:int}/{month:int}/{slug}/comments/feed"] = Access.Public,
        ["/{year:int}/{month:int}/{day:int}/{slug}/comments/feed"] = Access.Public,
        ["/{category}/{slug}/comments/feed"] = Access.Public,
        ["/{slug}/comments/feed"] = Access.Public,
        ["/account/login"] = Access.Public,
        ["/account/login/two-factor"] = Access.Public,
        ["/account/logout"] = Access.Public,
        ["/account/setup"] = Access.Public,

        ["/admin"] = Access.Staff,
        ["/admin/articles"] = Access.Staff,
        ["/admin/articles/new"] = Access.Staff,
        ["/admin/articles/{id:int}"] = Access.Staff,
        ["/admin/articles/{id:int}/revisions"] = Access.Staff,
        ["/admin/articles/{id:int}/preview"] = Access.Staff,
        ["/admin/api/articles/preview"] = Access.Staff,
        ["/admin/api/articles/{id:int}/autosave"] = Access.Staff,
        ["/admin/comments"] = Access.ManageContent,
        ["/admin/comments/commenter"] = Access.ManageContent,
        ["/admin/comments/{id:int}/edit"] = Access.ManageContent,
        ["/admin/media"] = Access.UploadMedia,
        ["/admin/media/{id:int}"] = Access.UploadMedia,
        ["/media/{**key}"] = Access.Public,
        ["/admin/profile"] = Access.Staff,
        ["/admin/profile/password"] = Access.Staff,
        ["/admin/profile/sessions"] = Access.Staff,
        ["/admin/profile/two-factor"] = Access.Staff,
        ["/admin/users"] = Access.ManageSite,
        ["/admin/users/new"] = Access.ManageSite,
        ["/admin/users/{id:int}"] = Access.ManageSite,
        ["/admin/users/{id:int}/delete"] = Access.ManageSite,
        ["/admin/taxonomy"] = Access.ManageContent,
        ["/admin/taxonomy/categories/{id:int}"] = Access.ManageContent,
        ["/admin/taxonomy/tags"] = Access.ManageContent,
        ["/admin/taxonomy/tags/{id:int}"] = Access.ManageContent,
        ["/admin/settings"] = Access.ManageSite,
        ["/admin/import"] = Access.ManageSite,
        ["/admin/export"] = Access.ManageSite,
        ["/admin/audit"] = Access.ManageSite,
        ["/admin/pages"] = Access.ManageContent,
        ["/admin/pages/new"] = Access.ManageContent,
        ["/admin/pages/{id:int}"] = Access.ManageContent,
    };

    private static readonly Dictionary<Access, string[]> Allowed = new()
    {
        [Access.Staff] = [.. Roles.All],
        [Access.Publish] = [Roles.Administrator, Roles.Editor, Roles.Author],
        [Access.UploadMedia] = [Roles.Administrator, Roles.Editor, Roles.Author],
        [Access.ManageContent] = [Roles.Administrator, Roles.Editor],
        [Access.ManageSite] = [Roles.Administrator],
    };

    private readonly BylineAppFactory _app = new();
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task InitializeAsync()
    {
        foreach (var role in Roles.All)
        {
            _clients[role] = (await _app.SignedInAsync(role)).Client;
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Every_route_has_an_expectation_and_every_expectation_a_route()
    {
        var routes = RouteListing.All(_app.Services).Select(r => r.Pattern).ToList();
        var unknown = routes.Where(r => !Expected.ContainsKey(r)).ToList();
        Assert.True(unknown.Count == 0, "Routes without an authorization expectation (add them to the matrix):\n" + string.Join("\n", unknown));
        var stale = Expected.Keys.Where(k => !routes.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(stale.Count == 0, "Expectations for routes that no longer exist:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_login_on_every_protected_route_for_every_method()
    {
        var anonymous = _app.CreateBrowserlessClient();
        foreach (var route in RouteListing.All(_app.Services).Where(r => Expected.GetValueOrDefault(r.Pattern) != Access.Public))
        {
            foreach (var method in route.Methods)
            {
                using var response = await SendAsync(anonymous, method, Sample(route.Pattern));
                // Pages redirect to the login form; JSON endpoints answer 401 (with the login address) instead.
                var expected = route.Pattern.StartsWith("/admin/api/", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect;
                Assert.True(response.StatusCode == expected && IsLogin(response),
                    $"{method} {route.Pattern} as anonymous: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task Each_role_gets_exactly_what_the_matrix_allows_on_get_and_post()
    {
        foreach (var route in RouteListing.All(_app.Services).Where(r => Expected.GetValueOrDefault(r.Pattern) != Access.Public))
        {
            var access = Expected[route.Pattern];
            foreach (var role in Roles.All)
            {
                foreach (var method in route.Methods)
                {
                    using var response = await SendAsync(_clients[role], method, Sample(route.Pattern));
                    var status = (int)response.StatusCode;
                    if (Allowed[access].Contains(role))
                    {
                        // Allowed through: the page answers (200, or 400/404 for the sample's missing token or id), never 403 or a login redirect.
                        Assert.True(status is not 403 and not 401 && !IsLogin(response),
                            $"{method} {route.Pattern} as {role} should be allowed but got {status}");
                    }
                    else
                    {
                        Assert.True(status == 403, $"{method} {route.Pattern} as {role} should be 403 but got {status}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Public_routes_never_ask_anonymous_visitors_to_sign_in()
    {
        var anonymous = _app.CreateBrowserlessClient();
        // The second sign-in step sends visitors without a first step back to it, by design.
        foreach (var route in RouteListing.All(_app.Services).Where(r => Expected.GetValueOrDefault(r.Pattern) == Access.Public && r.Pattern != "/account/login/two-factor"))
        {
            using var response = await anonymous.GetAsync(Sample(route.Pattern));
            Assert.False(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                         || IsLogin(response),
                $"GET {route.Pattern} as anonymous: {(int)response.StatusCode}");
        }
    }

    private static bool IsLogin(HttpResponseMessage response) =>
        response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) == "/account/login";

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) =>
        method == "GET" ? client.GetAsync(url) : client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new FormUrlEncodedContent([]) });

    /// <summary>A concrete URL for a pattern: ids that do not exist, plain slugs, a valid year and month.</summary>
    private static string Sample(string pattern) => Parameter().Replace(pattern, m => m.Groups["name"].Value switch
    {
        "year" => "2026",
        "month" => "11",
        "code" => "404",
        "id" or "number" => "999999",
        "name" => "articles-1",
        _ => "sample",
    }).Replace("?", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
