using Byline.Web.Infrastructure.Data;

namespace Byline.Web.Features.Import;

/// <summary><c>byline import wordpress FILE.xml [--media-dir DIR] [--dry-run]</c></summary>
public static class ImportCommand
{
    public const string Usage = "  import wordpress FILE.xml [--media-dir DIR] [--dry-run]   Import a WordPress export (WXR); safe to re-run (docs/import.md).";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || !args[0].Equals("wordpress", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync("Usage:\n" + Usage);
            return 2;
        }
        var file = args[1];
        string? mediaDir = null;
        var dryRun = false;
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i].ToLowerInvariant())
            {
                case "--dry-run": dryRun = true; break;
                case "--media-dir" when i + 1 < args.Length: mediaDir = args[++i]; break;
                default:
                    await error.WriteLineAsync($"Unknown option '{args[i]}'.\nUsage:\n{Usage}");
                    return 2;
            }
        }
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"{file}: no such file.");
            return 1;
        }
        if (mediaDir is not null && !Directory.Exists(mediaDir))
        {
            await error.WriteLineAsync($"{mediaDir}: no such folder.");
            return 1;
        }
        await services.PrepareDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<WordPressImporter>();
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var summary = await importer.ImportAsync(stream, new ImportOptions(dryRun, mediaDir),
            s => output.Write($"\r{s.ItemsProcessed:N0} items processed"), CancellationToken.None);
        await output.WriteLineAsync();
        foreach (var line in summary.Lines())
        {
            await (summary.Succeeded || !line.StartsWith("Error", StringComparison.Ordinal) ? output : error).WriteLineAsync(line);
        }
        return summary.Succeeded ? 0 : 1;
    }
}
