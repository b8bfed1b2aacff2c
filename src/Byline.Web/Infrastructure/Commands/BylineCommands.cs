using Byline.Web.Infrastructure.Data;

namespace Byline.Web.Infrastructure.Commands;

/// <summary>
/// The executable serves the site when started without a command, and runs a command otherwise
/// (<c>byline migrate</c>). Later features add theirs here: import, export, users, spam.
/// </summary>
public static class BylineCommands
{
    private const string Usage = """
        Usage: Byline.Web [command] [options]

        Without a command, serves the site (use --urls to choose addresses).

        Commands:
          migrate     Create or upgrade the database, then exit.
          spam evaluate --train A.csv [B.csv ...] --test C.csv | --leave-one-out DIR   Measure the spam classifier (docs/spam.md).
          spam train FILE.csv [...]   Teach this site's spam model labeled comments (YouTube Spam Collection format).
          help        Show this text.

        Configuration (appsettings.json, environment variables or --Key=value) is described in docs/configuration.md.
        """;

    private static async Task<int> TrainSpamModelAsync(WebApplication app, string[] files)
    {
        var examples = new List<Features.Spam.SpamExample>();
        foreach (var file in files)
        {
            try
            {
                examples.AddRange(Features.Spam.SpamCorpus.ReadFile(file));
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{file}: {e.Message}");
                return 1;
            }
        }
        await app.Services.PrepareDatabaseAsync();
        await app.Services.GetRequiredService<Features.Comments.Classifier.SpamModelStore>().LearnAsync(examples, CancellationToken.None);
        Console.WriteLine($"Learned {examples.Count} labeled comments ({examples.Count(e => e.IsSpam)} spam); the site's model is saved.");
        return 0;
    }

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args[0].ToLowerInvariant())
        {
            case "migrate":
                await app.Services.PrepareDatabaseAsync();
                Console.WriteLine("The database is up to date.");
                return 0;
            case "spam" when args.Length > 1 && args[1].Equals("evaluate", StringComparison.OrdinalIgnoreCase):
                return Features.Spam.SpamEvaluateCommand.Run(args[2..], Console.Out, Console.Error);
            case "spam" when args.Length > 2 && args[1].Equals("train", StringComparison.OrdinalIgnoreCase):
                return await TrainSpamModelAsync(app, args[2..]);
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.\n\n{Usage}");
                return 2;
        }
    }
}
