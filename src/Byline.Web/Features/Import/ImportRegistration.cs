namespace Byline.Web.Features.Import;

public static class ImportRegistration
{
    /// <summary>The WordPress importer, and the middleware that answers old <c>/?p=123</c> links.</summary>
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        services.AddScoped<WordPressImporter>();
        services.AddTransient<IStartupFilter, WordPressLinkStartupFilter>();
        return services;
    }

    /// <summary>Puts the short-link middleware first: it only acts on <c>/?p=</c> and <c>/?page_id=</c>.</summary>
    private sealed class WordPressLinkStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<WordPressLinkMiddleware>();
            next(app);
        };
    }
}
