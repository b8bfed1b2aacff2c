using System.Xml.Linq;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Search;

/// <summary>
/// The OpenSearch description (opensearch.org, 1.1): lets browsers offer "search this site" from
/// the address bar. Linked from every page's head.
/// </summary>
public static class OpenSearch
{
    public const string Path = "/opensearch.xml";
    private static readonly XNamespace Ns = "http://a9.com/-/spec/opensearch/1.1/";

    public static IEndpointRouteBuilder MapOpenSearch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (HttpContext http, SiteSettingsProvider settings) =>
        {
            var site = await settings.GetAsync(http.RequestAborted);
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
                new XElement(Ns + "OpenSearchDescription",
                    // ShortName is limited to 16 characters by the specification.
                    new XElement(Ns + "ShortName", site.Settings.Title.Length > 16 ? site.Settings.Title[..16] : site.Settings.Title),
                    new XElement(Ns + "Description", $"Search {site.Settings.Title}"),
                    new XElement(Ns + "InputEncoding", "UTF-8"),
                    new XElement(Ns + "Language", site.Culture.Name),
                    new XElement(Ns + "Image", new XAttribute("type", "image/svg+xml"), new XAttribute("width", 16), new XAttribute("height", 16), $"{origin}/favicon.svg"),
                    new XElement(Ns + "Url", new XAttribute("type", "text/html"), new XAttribute("method", "get"),
                        new XAttribute("template", $"{origin}/search?q={{searchTerms}}")),
                    new XElement(Ns + "Url", new XAttribute("type", "application/opensearchdescription+xml"), new XAttribute("rel", "self"),
                        new XAttribute("template", origin + Path))));
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(document.Declaration + "\n" + document.Root, "application/opensearchdescription+xml; charset=utf-8");
        });
        return endpoints;
    }
}
