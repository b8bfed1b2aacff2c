using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Byline.ClusterTests.Infrastructure;

/// <summary>
/// A real cluster on loopback: a fresh PostgreSQL database, the published app as two OS processes
/// (node A and node B) and Debian's nginx balancing them with the failover settings of
/// docs/deployment.md. Needs BYLINE_CLUSTER_APP (the published app's folder), BYLINE_TEST_POSTGRES
/// (a server, no database name) and BYLINE_NGINX (default /usr/sbin/nginx); ./test.sh sets them.
/// </summary>
public sealed partial class ClusterFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@cluster.example.org";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string _work = "";
    private string _database = "";
    private string _server = "";
    private Process? _nginx;

    public Node NodeA { get; private set; } = null!;

    public Node NodeB { get; private set; } = null!;

    /// <summary>nginx in front of both nodes.</summary>
    public Uri Proxy { get; private set; } = null!;

    public string AdminPassword { get; private set; } = "";

    /// <summary>The cluster's database, for checking what was stored.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How long each start-up step took, for the test output.</summary>
    public string StartupTimes { get; private set; } = "";

    public string NginxLog => Path.Combine(_work, "nginx", "error.log");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Nothing may outlive a failed start: node processes, nginx, the database.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var app = Environment.GetEnvironmentVariable("BYLINE_CLUSTER_APP") is { Length: > 0 } a
            ? a
            : throw new InvalidOperationException("Set BYLINE_CLUSTER_APP to a published Byline (dotnet publish src/Byline.Web -o DIR); ./test.sh does.");
        if (!File.Exists(Path.Combine(app, "Byline.Web.dll")))
        {
            throw new InvalidOperationException($"BYLINE_CLUSTER_APP={app} has no Byline.Web.dll.");
        }
        _server = Environment.GetEnvironmentVariable("BYLINE_TEST_POSTGRES") is { Length: > 0 } s
            ? s.TrimEnd(';')
            : throw new InvalidOperationException("Set BYLINE_TEST_POSTGRES to a PostgreSQL server's connection string (no database); ./test.sh does.");
        var nginx = Environment.GetEnvironmentVariable("BYLINE_NGINX") is { Length: > 0 } n ? n : "/usr/sbin/nginx";

        _work = Directory.CreateTempSubdirectory("byline-cluster-").FullName;
        // nginx started as root runs its workers as nobody: they need to reach their temp folders in here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        _database = $"byline_cluster_{Guid.NewGuid():N}";
        ConnectionString = $"{_server};Database={_database}";

        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Byline"] = ConnectionString,
            // One shared data folder: uploaded media (the NFS mount of the deployment guide).
            ["Byline__DataDirectory"] = Path.Combine(_work, "data"),
            ["Byline__Proxy__KnownProxies__0"] = "127.0.0.1",
            ["Byline__Publishing__PollSeconds"] = "1",
            // Every request comes through one proxy address, and the load test posts hundreds of comments
            // from it in seconds: generous limits, and no minimum time to fill in the form.
            ["Byline__Comments__PermitsPerIp"] = "10000",
            ["Byline__Comments__PermitsPerEmail"] = "10000",
            ["Byline__Comments__MinimumSecondsToSubmit"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };

        // Before any node starts: the schema, the demo newsroom and an administrator, as an operator would
        // (`Byline.Web users create` migrates first). The nodes then start with MigrateOnStart off.
        var clock = Stopwatch.StartNew();
        var setup = new Dictionary<string, string>(environment) { ["Byline__DemoContent"] = "true" };
        var output = await Node.RunCommandAsync(app, ["users", "create", AdminEmail, "--role", "Administrator", "--name", "Cluster Admin"],
            setup, Path.Combine(_work, "setup.log"), TimeSpan.FromSeconds(120));
        AdminPassword = PasswordLine().Match(output) is { Success: true } m
            ? m.Groups[1].Value.Trim()
            : throw new InvalidOperationException("users create printed no password:\n" + output);

        var serving = new Dictionary<string, string>(environment)
        {
            ["Database__MigrateOnStart"] = "false",
            ["Byline__DemoContent"] = "false",
        };
        var setupTime = clock.Elapsed;
        NodeA = new Node("A", app, serving, _work);
        NodeB = new Node("B", app, serving, _work);
        await Task.WhenAll(NodeA.StartAsync(StartTimeout), NodeB.StartAsync(StartTimeout));

        var nodesTime = clock.Elapsed - setupTime;
        await StartNginxAsync(nginx);
        StartupTimes = $"migrate, seed and create the administrator: {setupTime.TotalSeconds:0.0} s; start both nodes until ready: " +
                       $"{nodesTime.TotalSeconds:0.0} s; nginx: {(clock.Elapsed - setupTime - nodesTime).TotalSeconds:0.0} s";
    }

    /// <summary>Node A again after a test killed it, so tests do not depend on their order.</summary>
    public async Task EnsureBothNodesRunAsync()
    {
        foreach (var node in new[] { NodeA, NodeB })
        {
            if (!node.IsRunning)
            {
                await node.StartAsync(StartTimeout);
            }
        }
        // nginx marked the dead node failed for fail_timeout; a successful probe is not needed for
        // correctness (it retries the other node), only for the tests' spread over both nodes.
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        NodeA?.Dispose();
        NodeB?.Dispose();
        if (_database.Length > 0)
        {
            try
            {
                await using var connection = new NpgsqlConnection($"{_server};Database=postgres;Pooling=false");
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // A leftover database in a throwaway test server is harmless.
            }
        }
        if (_work.Length > 0)
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // Still in use; /tmp is cleaned eventually.
            }
        }
    }

    private async Task StartNginxAsync(string nginx)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "nginx")).FullName;
        var port = Node.FreePort();
        Proxy = new Uri($"http://127.0.0.1:{port}");
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig(folder, port, NodeA.Port, NodeB.Port));

        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // -e: the error log before the configuration is read (the default path may not be writable).
        foreach (var argument in new[] { "-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", config })
        {
            start.ArgumentList.Add(argument);
        }
        _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_nginx.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_nginx.ExitCode}: {await _nginx.StandardError.ReadToEndAsync()}\n{SafeRead(NginxLog)}");
            }
            try
            {
                using var ready = await http.GetAsync(new Uri(Proxy, "/health/ready"));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("nginx did not answer:\n" + SafeRead(NginxLog));
    }

    /// <summary>
    /// The worked example's proxy settings (docs/deployment.md), on loopback. Failover: a node that refuses
    /// connections, times out or answers 502/503 is skipped for <c>fail_timeout</c>, and the request goes to
    /// the other node — POSTs included (<c>non_idempotent</c>): a comment POST cut off by a dying node may
    /// already be saved, and the retry on the other node is then discarded as a double submission (same
    /// commenter, article and text), so it is stored once. The cluster test checks exactly that.
    /// </summary>
    public static string NginxConfig(string folder, int port, int nodeA, int nodeB) => $$"""
        daemon off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 512; }
        http {
            access_log off;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;

            upstream byline {
                server 127.0.0.1:{{nodeA}} max_fails=1 fail_timeout=10s;
                server 127.0.0.1:{{nodeB}} max_fails=1 fail_timeout=10s;
                keepalive 32;
            }
            server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 12m;
                location / {
                    proxy_pass http://byline;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_connect_timeout 2s;
                    proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                    proxy_next_upstream_tries 2;
                }
            }
        }
        """;

    private static string SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    [GeneratedRegex(@"Password: (\S+)")]
    private static partial Regex PasswordLine();
}

[CollectionDefinition(Name)]
public sealed class ClusterGroup : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
