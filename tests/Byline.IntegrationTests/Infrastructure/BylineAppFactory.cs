using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Byline.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP, on a database of its own (a temp SQLite file, or a fresh PostgreSQL
/// database when the suite runs on PostgreSQL), with a hand-moved clock and a query counter.
/// </summary>
public sealed class BylineAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byline-test-").FullName;

    private readonly string? _connectionString;

    public BylineAppFactory() => _connectionString = TestDatabase.NewConnectionString();

    /// <summary>A second node on the same database as <paramref name="firstNode"/> (which drops the database at the end).</summary>
    public static BylineAppFactory SecondNodeOf(BylineAppFactory firstNode) => new(firstNode);

    // Private: xunit class fixtures need exactly one public constructor.
    private BylineAppFactory(BylineAppFactory firstNode)
    {
        _connectionString = firstNode._connectionString;
        _sharedDatabase = true;
        _dataDirectory = firstNode._dataDirectory;
        Settings = firstNode.Settings;
    }

    private readonly bool _sharedDatabase;

    /// <summary>Seed the demo newsroom on start, as `dotnet run` does.</summary>
    public bool DemoContent { get; init; }

    /// <summary>
    /// Configuration for this app, over the test defaults. By default the form's minimum time to
    /// submit is off and rate limits are generous: the tests of those set them here.
    /// </summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    private bool _started;

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
    public QueryCounter Queries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Byline:DataDirectory", _dataDirectory);
        builder.UseSetting("Byline:DemoContent", DemoContent ? "true" : "false");
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("ConnectionStrings:Byline", _connectionString ?? "");
        // Tests flush view counts themselves; no timer should race them.
        builder.UseSetting("Byline:Popular:FlushIntervalSeconds", "3600");
        builder.UseSetting("Byline:Publishing:PollSeconds", "3600");
        builder.UseSetting("Byline:Comments:MinimumSecondsToSubmit", "0");
        builder.UseSetting("Byline:Comments:PermitsPerIp", "10000");
        builder.UseSetting("Byline:Comments:PermitsPerEmail", "10000");
        // The classifier's opinion depends on wording; pipeline tests that are not about it keep it out.
        builder.UseSetting("Byline:Spam:Classifier", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Queries);
            // The in-memory test server has no socket, so no client address; give requests one.
            services.AddSingleton<IStartupFilter, LoopbackClientAddress>();
            Byline.Tests.Shared.TestLogFile.AddTo(services);
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    /// <summary>A client that does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task WithDbAsync(Func<BylineDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<BylineDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<BylineDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BylineDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connectionString is not null && _started && !_sharedDatabase)
        {
            try
            {
                await WithDbAsync(db => db.Database.EnsureDeletedAsync());
            }
            catch (NpgsqlException)
            {
                // Best effort: the test server is thrown away at the end of the run anyway.
            }
        }
        await base.DisposeAsync();
        try
        {
            if (_sharedDatabase)
            {
                return;
            }
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Gives every request the loopback address as its client IP, as a real socket would, and marks it for the <see cref="QueryCounter"/>.</summary>
internal sealed class LoopbackClientAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            QueryCounter.InRequest.Value = true;
            await nextMiddleware(context);
        });
        next(app);
    };
}
