using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Security;

/// <summary>Every route the app serves, read from its endpoint data source: the list the authorization matrix must cover.</summary>
public static class RouteListing
{
    public sealed record AppRoute(string Pattern, IReadOnlyList<string> Methods);

    public static IReadOnlyList<AppRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new AppRoute(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? [HttpMethods.Get, HttpMethods.Post]))
            .Where(r => !IsStaticAsset(r.Pattern))
            .GroupBy(r => r.Pattern, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AppRoute(g.Key, g.SelectMany(r => r.Methods).Distinct().Order().ToList()))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();

    // MapStaticAssets adds one endpoint per file (css, js, images); they are public by nature.
    private static bool IsStaticAsset(string pattern) =>
        pattern.StartsWith("/css/", StringComparison.Ordinal) || pattern.StartsWith("/js/", StringComparison.Ordinal)
        || pattern.StartsWith("/images/", StringComparison.Ordinal) || pattern.StartsWith("/favicon", StringComparison.Ordinal)
        || (pattern.StartsWith("/site.", StringComparison.Ordinal) && pattern.Contains(".webmanifest", StringComparison.Ordinal))
        || pattern.Contains(".styles.css", StringComparison.Ordinal) || pattern.Contains("_framework", StringComparison.Ordinal);
}
