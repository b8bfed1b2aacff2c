using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Byline.Tests.Shared;

/// <summary>
/// When <c>BYLINE_TEST_LOG_DIR</c> is set (test.sh sets it), every log line the app writes during the test
/// run goes to a file there, so that test.sh can scan the whole run's log for secrets afterwards:
/// passwords, session cookies and tokens, e-mail addresses (see scripts/scan-test-logs.sh).
/// </summary>
public static class TestLogFile
{
    private static readonly Lazy<StreamWriter?> Writer = new(Open);

    public static void AddTo(IServiceCollection services)
    {
        if (Writer.Value is { } writer)
        {
            // No levels of its own: the file gets what the app's shipped configuration (appsettings.json) logs,
            // which is what an operator's log holds: Information for Byline, Warning for ASP.NET Core and EF Core.
            services.AddLogging(logging => logging.AddProvider(new Provider(writer)));
        }
    }

    private static StreamWriter? Open()
    {
        var directory = Environment.GetEnvironmentVariable("BYLINE_TEST_LOG_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{AppDomain.CurrentDomain.FriendlyName}-{Environment.ProcessId}.log");
        return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    private sealed class Provider(StreamWriter writer) : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, Logger> _loggers = new();

        public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new Logger(name, writer));

        // The writer lives for the whole test process: many app instances share it.
        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category, StreamWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}";
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
