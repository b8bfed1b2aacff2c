using Byline.Web.Features.Popular;
using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>
/// What lets several nodes serve one site: job leases in the database, and, when <c>ConnectionStrings:Redis</c>
/// is set, Redis for the output cache, cache-eviction messages and view counters. Call after
/// <c>AddPublicPageCache</c> and <c>AddBylineData</c>: the Redis services replace their defaults.
/// </summary>
public static class ScaleOutRegistration
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<JobLeases>();

        if (builder.Configuration.GetConnectionString("Redis") is not { Length: > 0 } redis)
        {
            return builder;
        }
        services.AddOptions<RedisOptions>().Bind(builder.Configuration.GetSection(RedisOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.InstanceName), "Byline:Redis:InstanceName must not be empty.").ValidateOnStart();
        services.AddSingleton(sp => new RedisConnection(redis, sp.GetRequiredService<IOptions<RedisOptions>>(), sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton<ICacheEvictionTransport, RedisCacheEvictionTransport>();
        services.AddSingleton<RedisViewCounts>();
        services.AddSingleton<ISharedViewCounts>(sp => sp.GetRequiredService<RedisViewCounts>());

        // The official Redis output-cache store, on the node's one connection, behind a wrapper that turns
        // Redis failures into cache misses. Tags live in Redis, so an eviction by tag reaches every node.
        services.AddStackExchangeRedisOutputCache(_ => { });
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.StackExchangeRedis.RedisOutputCacheOptions>()
            .Configure<RedisConnection, IOptions<RedisOptions>>((o, connection, options) =>
            {
                o.InstanceName = options.Value.InstanceName;
                o.ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer);
            });
        var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(store);
        services.AddSingleton<IOutputCacheStore>(sp => new ResilientOutputCacheStore(
            (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, store.ImplementationType!),
            sp.GetRequiredService<ILogger<ResilientOutputCacheStore>>()));
        return builder;
    }
}
