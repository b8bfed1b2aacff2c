using Byline.Web.Features.Pages;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Byline.Web.Features.Articles;

/// <summary>
/// The article page answers every supported permalink form, whatever the current structure, and
/// sends the ones that are not the current form to the canonical URL with a 301 (old links keep
/// working after a structure change). Precedence keeps the fixed addresses safe: a literal first
/// segment (<c>/category/x</c>, <c>/tag/x</c>, <c>/admin/...</c>, <c>/search</c>…) always beats a
/// parameter, and <c>/{year}/{month}</c> archives beat <c>/{category}/{slug}</c> by their constraints.
/// </summary>
public static class PermalinkRouting
{
    public const string ArticlePage = "/Articles/ArticlePage";

    public static IServiceCollection AddPermalinks(this IServiceCollection services)
    {
        services.AddSingleton<Permalinks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, SlugPermalinkPolicy>());
        services.Configure<RazorPagesOptions>(o =>
        {
            // The page's own directive is /{year:int}/{month:int}/{slug}.
            o.Conventions.AddPageRoute(ArticlePage, "{year:int}/{month:int}/{day:int}/{slug}");
            o.Conventions.AddPageRoute(ArticlePage, "{category}/{slug}");
            o.Conventions.AddPageRoute(ArticlePage, SlugPermalinkPolicy.Template);
        });
        return services;
    }
}

/// <summary>
/// <c>/{slug}</c> is both the article page's route and the static pages' (<c>/about</c>); this
/// picks one per request, so routing never sees two. The article wins only when the structure is
/// <c>/{slug}</c> and no published static page has that slug: static pages come first. Costs no
/// query (settings and static pages are in memory), and only single-segment requests pay for it.
/// </summary>
public sealed class SlugPermalinkPolicy(Permalinks permalinks, PageDirectory pages) : MatcherPolicy, IEndpointSelectorPolicy
{
    public const string Template = "{slug}";

    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Any(IsArticleSlugRoute);

    public async Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i) || !IsArticleSlugRoute(candidates[i].Endpoint))
            {
                continue;
            }
            var article = candidates[i].Values?["slug"] is string slug
                          && (await permalinks.GetAsync(httpContext.RequestAborted)).Structure == PermalinkStructure.Slug
                          && await pages.FindAsync(slug, httpContext.RequestAborted) is null;
            for (var j = 0; j < candidates.Count; j++)
            {
                // The article route and every other plain /{slug} route (the static page): exactly one stays.
                if (j == i ? !article : article && IsPlainSlugRoute(candidates[j].Endpoint))
                {
                    candidates.SetValidity(j, false);
                }
            }
        }
    }

    private static bool IsPlainSlugRoute(Endpoint endpoint) =>
        endpoint is RouteEndpoint route && string.Equals(route.RoutePattern.RawText?.Trim('/'), Template, StringComparison.Ordinal);

    private static bool IsArticleSlugRoute(Endpoint endpoint) =>
        IsPlainSlugRoute(endpoint)
        && endpoint.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor { ViewEnginePath: PermalinkRouting.ArticlePage };
}
