using System.Net;
using Byline.IntegrationTests.Infrastructure;

namespace Byline.IntegrationTests.Admin;

/// <summary>Requests the role-matrix and antiforgery tests of the taxonomy, settings and audit screens share.</summary>
public static class SiteAdminRequests
{
    /// <summary>
    /// A POST carrying a valid antiforgery token for this client (taken from the dashboard's logout form),
    /// so a 403 proves the policy refused it, not the token check.
    /// </summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string url, IDictionary<string, string>? fields = null)
    {
        var dashboard = await client.GetDocumentAsync("/admin");
        var token = dashboard.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    public static async Task AssertAnonymousIsSentToLoginAsync(BylineAppFactory app, string url)
    {
        var anonymous = app.CreateBrowserlessClient();
        using var get = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/account/login", get.Headers.Location!.AbsolutePath);
        using var post = await anonymous.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "x" }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/account/login", post.Headers.Location!.AbsolutePath);
    }

    /// <summary>The role may neither see <paramref name="url"/> nor post to it, even with a valid token.</summary>
    public static async Task AssertForbiddenAsync(BylineAppFactory app, string role, string url, IDictionary<string, string> fields)
    {
        var (client, _) = await app.SignedInAsync(role);
        using var get = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        using var post = await client.PostWithTokenAsync(url, fields);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}
