namespace Byline.Web.Features.Search;

public static class SearchRegistration
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ArticleSearch>();
        return services;
    }
}
