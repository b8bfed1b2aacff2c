using System.Net;
using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;

namespace Byline.IntegrationTests.Discovery;

public sealed class AddressTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/Search?q=Harbour", "/search?q=Harbour")]
    [InlineData("/search/", "/search")]
    [InlineData("/Category/World/", "/category/world")]
    [InlineData("/2026/11/Caf%C3%A9-Owners/", "/2026/11/caf%C3%A9-owners")]
    public async Task Uppercase_and_trailing_slashes_redirect_permanently_to_the_one_canonical_address(string requested, string canonical)
    {
        using var response = await _app.CreateBrowserlessClient().GetAsync(requested);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=Upper")]
    [InlineData("/sitemap.xml")]
    public async Task Canonical_addresses_and_files_are_served_as_they_are(string url)
    {
        using var response = await _app.CreateBrowserlessClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Browsers_find_an_opensearch_description_that_points_at_the_search_page()
    {
        var client = _app.CreateClient();
        var home = await client.GetDocumentAsync("/");
        var link = home.QuerySelector("link[rel=search][type='application/opensearchdescription+xml']")!;
        using var response = await client.GetAsync(link.GetAttribute("href"));
        Assert.Equal("application/opensearchdescription+xml", response.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://a9.com/-/spec/opensearch/1.1/";
        Assert.Equal("OpenSearchDescription", xml.Root!.Name.LocalName);
        Assert.Equal(ns, xml.Root.Name.Namespace);
        Assert.InRange(xml.Root.Element(ns + "ShortName")!.Value.Length, 1, 16);
        var template = xml.Root.Elements(ns + "Url").Single(u => (string?)u.Attribute("type") == "text/html").Attribute("template")!.Value;
        Assert.Equal("http://localhost/search?q={searchTerms}", template);
    }
}
