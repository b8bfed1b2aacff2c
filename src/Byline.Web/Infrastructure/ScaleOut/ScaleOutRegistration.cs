using Byline.Web.Infrastructure.Jobs;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>What lets several nodes serve one site: job leases in the database.</summary>
public static class ScaleOutRegistration
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobLeases>();
        return builder;
    }
}
