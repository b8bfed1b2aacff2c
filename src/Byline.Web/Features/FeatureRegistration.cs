using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Checks;
using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Comments.Privacy;
using Byline.Web.Features.Demo;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Site;
using Byline.Web.Features.Spam.Akismet;
using Byline.Web.Features.Taxonomy;

namespace Byline.Web.Features;

/// <summary>Each feature's services, one method per feature, called from Program.cs.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddSingleton<SiteSettingsProvider>();
        services.AddSingleton<CategoryDirectory>();
        return services;
    }

    public static IServiceCollection AddArticles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<ArticleQueries>();
        services.AddPermalinks();
        services.AddScoped<ArticleEditor>();
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.Section))
            .Validate(o => o.PollSeconds >= 1, "Byline:Publishing:PollSeconds must be at least 1.").ValidateOnStart();
        services.AddSingleton<ScheduledPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledPublisher>());
        return services;
    }

    /// <summary>Old addresses (changed slugs, imported URLs) answer with a 301 instead of a 404.</summary>
    public static IApplicationBuilder UseRedirects(this IApplicationBuilder app) => app.UseMiddleware<RedirectMiddleware>();

    public static IServiceCollection AddComments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommentGuardOptions>().Bind(configuration.GetSection(CommentGuardOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CommentService>();
        services.AddScoped<CommentQueries>();
        services.AddScoped<CommentModerator>();
        services.AddSingleton<CommentRenderer>();
        services.AddSingleton<CommentFormStamp>();
        services.AddSingleton<CommentRateLimiter>();
        services.AddSingleton<CommenterCookies>();
        services.AddSingleton<IpAddressHasher>();
        services.AddScoped<CommenterData>();
        services.AddSingleton<IpRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<IpRetentionService>());

        // The moderation pipeline, cheapest and most certain checks first.
        services.AddScoped<ICommentCheck, FormGuardCheck>();
        services.AddScoped<ICommentCheck, BlocklistCheck>();
        services.AddScoped<ICommentCheck, LinkCountCheck>();
        services.AddScoped<ICommentCheck, DuplicateCommentCheck>();
        services.AddScoped<ICommentCheck, KnownSpammerCheck>();
        services.AddScoped<ICommentCheck, PreviouslyApprovedCommenterCheck>();
        services.AddScoped<ICommentCheck, ClassifierCheck>();
        services.AddScoped<ICommentCheck, AkismetCheck>();
        services.AddAkismet(configuration);
        services.AddScoped<ICommentFeedback, AkismetFeedback>();
        services.AddOptions<SpamClassifierOptions>().Bind(configuration.GetSection(SpamClassifierOptions.Section));
        services.AddSingleton<SpamModelStore>();
        services.AddScoped<ICommentFeedback, ClassifierFeedback>();
        return services;
    }

    public static IServiceCollection AddPopular(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PopularOptions>().Bind(configuration.GetSection(PopularOptions.Section))
            .Validate(o => o.FlushIntervalSeconds >= 1 && o.SidebarCacheSeconds >= 0, "Byline:Popular intervals must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService<ViewFlushService>();
        services.AddSingleton<Sidebar>();
        services.AddSingleton<ICommentChangeNotifier>(sp => sp.GetRequiredService<Sidebar>());
        return services;
    }

    public static IApplicationBuilder UsePopular(this IApplicationBuilder app) => app.UseMiddleware<ViewCountingMiddleware>();

    public static IServiceCollection AddRelated(this IServiceCollection services)
    {
        services.AddScoped<RelatedArticlesUpdater>();
        services.AddScoped<RelatedQueries>();
        services.AddScoped<RelatedChoices>();
        return services;
    }

    /// <summary>The admin area's shared services; its pages sit behind sign-in by folder convention.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<Audit.AuditLog>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
        {
            o.Conventions.AddPageRoute("/Admin/Articles/Edit", "admin/articles/new");
            o.Conventions.AddPageRoute("/Admin/StaticPages/Edit", "admin/pages/new");
        });
        services.AddSingleton<Pages.PageDirectory>();
        services.AddScoped<Pages.StaticPageEditor>();
        return services;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        Admin.Articles.ArticlesApi.MapArticlesApi(app);
        return app;
    }

    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        services.AddScoped<BulkArticleGenerator>();
        return services;
    }
}
