using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Byline.ClusterTests.Infrastructure;

/// <summary>
/// One Byline node: the published app started as its own OS process (<c>dotnet Byline.Web.dll --urls …</c>),
/// configured through environment variables exactly as an operator would, its output kept in a log file.
/// </summary>
public sealed class Node : IDisposable
{
    private readonly string _appDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logPath;
    private Process? _process;

    public Node(string name, string appDirectory, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        _appDirectory = appDirectory;
        _environment = environment;
        _logPath = Path.Combine(logDirectory, $"node-{name}.log");
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        _process?.Dispose();
        _process = Launch(_appDirectory, ["--urls", BaseAddress.ToString().TrimEnd('/')], _environment, _logPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode} while starting:\n{LogTail()}");
            }
            try
            {
                using var ready = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Node {Name} was not ready after {timeout.TotalSeconds:0} s:\n{LogTail()}");
    }

    /// <summary>SIGKILL on Linux: no graceful shutdown, no flushing, in-flight requests cut off.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
    }

    /// <summary>Runs the app once with a command (<c>users create …</c>) and returns what it printed.</summary>
    public static async Task<string> RunCommandAsync(
        string appDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath, TimeSpan timeout)
    {
        using var process = Launch(appDirectory, arguments, environment, logPath);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not finish in {timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit(); // Drains the output handlers.
        var output = await File.ReadAllTextAsync(logPath);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"'{string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{output}");
    }

    private static Process Launch(string appDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory, // The content root: appsettings.json and wwwroot are found here.
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, "Byline.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test runner's own settings must not leak into the app (an environment name, a test database…).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                                                                || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                                                                || k.StartsWith("BYLINE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gate = new object();
        var closed = false;
        void Write(string? line)
        {
            lock (gate)
            {
                if (line is not null && !closed)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Disposed += (_, _) =>
        {
            lock (gate)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
