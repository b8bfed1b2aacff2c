namespace Byline.Web.Features.Discovery;

public static class DiscoveryRegistration
{
    /// <summary>The feed cache (feeds, sitemaps and search are mapped by <c>MapBylineWeb</c>).</summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<FeedCache>();
        return services;
    }
}
