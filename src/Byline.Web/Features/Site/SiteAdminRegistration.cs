using Byline.Web.Features.Audit;
using Byline.Web.Features.Taxonomy;

namespace Byline.Web.Features.Site;

public static class SiteAdminRegistration
{
    /// <summary>The services behind the admin's categories and tags, settings and audit log screens.</summary>
    public static IServiceCollection AddSiteAdmin(this IServiceCollection services)
    {
        services.AddScoped<TaxonomyService>();
        services.AddScoped<SiteSettingsEditor>();
        services.AddScoped<AuditQueries>();
        return services;
    }
}
