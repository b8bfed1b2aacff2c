namespace Byline.Web.Features.Export;

public static class ExportRegistration
{
    /// <summary>The WordPress (WXR) and JSON exporters, shared by the command line and the admin download.</summary>
    public static IServiceCollection AddExport(this IServiceCollection services)
    {
        services.AddScoped<WordPressExporter>();
        services.AddScoped<JsonExporter>();
        return services;
    }
}
