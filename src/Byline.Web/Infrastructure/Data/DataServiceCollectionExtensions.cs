using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Byline.Web.Infrastructure.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a pooled context per provider and resolves <see cref="BylineDbContext"/> to the
    /// configured one. Options are read when the first context is made, not at registration,
    /// so every configuration source (tests included) is in place by then.
    /// </summary>
    public static WebApplicationBuilder AddBylineData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or Postgres.")
            .ValidateOnStart();
        services.AddOptions<BylineOptions>().Bind(builder.Configuration.GetSection(BylineOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddDbContextPool<SqliteBylineDbContext>((sp, o) =>
            o.UseSqlite(SqliteConnectionString(ConnectionString(sp), sp.GetRequiredService<IOptions<BylineOptions>>().Value.DataDirectory))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddDbContextPool<PostgresBylineDbContext>((sp, o) =>
            o.UseNpgsql(ConnectionString(sp) is { Length: > 0 } connectionString
                    ? connectionString
                    : throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Byline is empty. See docs/configuration.md."))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddScoped<BylineDbContext>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? sp.GetRequiredService<PostgresBylineDbContext>()
                : sp.GetRequiredService<SqliteBylineDbContext>());
        services.AddMemoryCache();
        // Redis pub/sub replaces this when ConnectionStrings:Redis is set (see ScaleOutRegistration).
        services.AddSingleton<ICacheEvictionTransport>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? ActivatorUtilities.CreateInstance<PostgresNotifyTransport>(sp)
                : new LocalCacheEvictionTransport());
        services.AddSingleton<CacheEviction>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheEviction>());
        return builder;
    }

    private static string? ConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetConnectionString("Byline");

    /// <summary>Uses the configured connection string, else <c>byline.db</c> in the data directory.</summary>
    internal static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "byline.db"),
            Pooling = true,
        }.ToString();
    }
}
