using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel socket (127.0.0.1, a port the OS picks), with the demo newsroom
/// seeded into a SQLite file in a temp folder of its own, so a browser can talk to it.
/// </summary>
public sealed class BylineServer : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byline-browser-").FullName;

    public BylineServer() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>Seed the demo newsroom (and its admin) on start; off for first-run tests.</summary>
    public bool DemoContent { get; init; } = true;

    /// <summary>Extra configuration (e.g. a short <c>Kestrel:Limits:RequestHeadersTimeout</c>), applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The app's clock: real time, movable forward by tests.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>The server's root, like http://127.0.0.1:41234/ — known once <see cref="Start"/> returned.</summary>
    public Uri RootUri { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Byline:DataDirectory", _dataDirectory);
        builder.UseSetting("Byline:DemoContent", DemoContent ? "true" : "false");
        // Scheduled articles are looked for every second, so a browser sees them appear promptly.
        builder.UseSetting("Byline:Publishing:PollSeconds", "1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            Byline.Tests.Shared.TestLogFile.AddTo(services);
        });
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Byline", "");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts Kestrel (migrating and seeding the database) and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        RootUri = new Uri(address.TrimEnd('/') + "/");
        return RootUri;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
