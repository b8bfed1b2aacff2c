using Byline.Web.Infrastructure.Data;

namespace Byline.Web.Features.Export;

/// <summary><c>byline export wordpress FILE.xml [--site-url URL]</c> and <c>byline export json FILE.json [--revisions]</c></summary>
public static class ExportCommand
{
    public const string Usage =
        "  export wordpress FILE.xml [--site-url URL]   Write the site as a WordPress export (WXR 1.2; docs/import.md).\n"
        + "  export json FILE.json [--revisions]          Write the whole site as documented JSON (no secrets; docs/import.md).";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || !(args[0].Equals("wordpress", StringComparison.OrdinalIgnoreCase) || args[0].Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            await error.WriteLineAsync("Usage:\n" + Usage);
            return 2;
        }
        var wordpress = args[0].Equals("wordpress", StringComparison.OrdinalIgnoreCase);
        var file = args[1];
        var siteUrl = "http://localhost";
        var revisions = false;
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i].ToLowerInvariant())
            {
                case "--site-url" when wordpress && i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var uri)
                                                  && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps):
                    siteUrl = args[++i];
                    break;
                case "--revisions" when !wordpress: revisions = true; break;
                default:
                    await error.WriteLineAsync($"Unknown or incomplete option '{args[i]}'.\nUsage:\n{Usage}");
                    return 2;
            }
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"{folder}: no such folder.");
            return 1;
        }
        await services.PrepareDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        // Written to a temporary file next to the target and moved into place: a failed export never leaves half a file.
        var temporary = file + ".partial";
        ExportCounts counts;
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                counts = wordpress
                    ? await scope.ServiceProvider.GetRequiredService<WordPressExporter>().WriteAsync(stream, siteUrl, CancellationToken.None)
                    : await scope.ServiceProvider.GetRequiredService<JsonExporter>().WriteAsync(stream, revisions, CancellationToken.None);
            }
            File.Move(temporary, file, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        await output.WriteLineAsync($"Wrote {file}: {counts}.");
        return 0;
    }
}
