using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Spam.Akismet;

public static class AkismetRegistration
{
    private static readonly string UserAgent = BuildUserAgent();

    /// <summary>Binds and validates <c>Byline:Akismet</c> and registers <see cref="AkismetClient"/> as a typed HttpClient.</summary>
    public static IServiceCollection AddAkismet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AkismetOptions>().Bind(configuration.GetSection(AkismetOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AkismetOptions>, AkismetOptionsValidator>());
        // No resilience handler on purpose: a retry would blow the comment path's time budget, and
        // AkismetClient bounds every call itself with a timer linked to the caller's token.
        services.AddHttpClient<AkismetClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<AkismetOptions>>().Value;
            http.BaseAddress = options.EndpointUri;
            // Akismet's answers are a few bytes; a misbehaving endpoint must not make us buffer megabytes.
            http.MaxResponseContentBufferSize = 64 * 1024;
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        });
        return services;
    }

    // Akismet asks integrations to identify themselves as "App/version | Plugin/version" (its own: "WordPress/x | Akismet/y").
    private static string BuildUserAgent()
    {
        var version = typeof(AkismetClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        return $"Byline/{version} | Byline.Akismet/{version}";
    }
}
