using Byline.Web.Infrastructure.Data;

namespace Byline.Web.Infrastructure.Commands;

/// <summary>
/// The executable serves the site when started without a command, and runs a command otherwise
/// (<c>byline migrate</c>). Later features add theirs here: import, export, users, spam.
/// </summary>
public static class BylineCommands
{
    private static readonly string Usage = $$"""
        Usage: Byline.Web [command] [options]

        Without a command, serves the site (use --urls to choose addresses).

        Commands:
          migrate     Create or upgrade the database, then exit.
          spam evaluate --train A.csv [B.csv ...] --test C.csv | --leave-one-out DIR   Measure the spam classifier (docs/spam.md).
          spam train FILE.csv [...]   Teach this site's spam model labeled comments (YouTube Spam Collection format).
          comments export EMAIL            Print, as JSON, every comment and what is stored with it for one commenter.
          comments erase EMAIL --yes       Anonymise that commenter's comments (name, e-mail, website, IP, user agent).
          generate articles N              Add N generated articles (for benchmarks; see bench/search.sh).
        {{Features.Identity.UsersCommand.Usage}}
        {{Features.Import.ImportCommand.Usage}}
        {{Features.Export.ExportCommand.Usage}}
          help        Show this text.

        Configuration (appsettings.json, environment variables or --Key=value) is described in docs/configuration.md.
        """;

    private static async Task<int> ExportCommenterAsync(WebApplication app, string email)
    {
        await app.Services.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var comments = await scope.ServiceProvider.GetRequiredService<Features.Comments.Privacy.CommenterData>().ExportAsync(email, CancellationToken.None);
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(comments, ExportJson));
        return 0;
    }

    private static async Task<int> EraseCommenterAsync(WebApplication app, string email, bool confirmed)
    {
        if (!confirmed)
        {
            await Console.Error.WriteLineAsync("This anonymises every comment with that e-mail address and cannot be undone. Add --yes to proceed.");
            return 2;
        }
        await app.Services.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var count = await scope.ServiceProvider.GetRequiredService<Features.Comments.Privacy.CommenterData>().EraseAsync(email, CancellationToken.None);
        Console.WriteLine($"Anonymised {count} comment{(count == 1 ? "" : "s")}.");
        return 0;
    }

    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

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
            case "comments" when args.Length > 2 && args[1].Equals("export", StringComparison.OrdinalIgnoreCase):
                return await ExportCommenterAsync(app, args[2]);
            case "comments" when args.Length > 2 && args[1].Equals("erase", StringComparison.OrdinalIgnoreCase):
                return await EraseCommenterAsync(app, args[2], args.Contains("--yes", StringComparer.OrdinalIgnoreCase));
            case "generate" when args.Length > 2 && args[1].Equals("articles", StringComparison.OrdinalIgnoreCase)
                                 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0:
                await app.Services.PrepareDatabaseAsync();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<Features.Demo.BulkArticleGenerator>().GenerateAsync(
                        count, done => Console.Write($"\r{done:N0} of {count:N0} articles"), CancellationToken.None);
                }
                Console.WriteLine();
                return 0;
            case "import":
                return await Features.Import.ImportCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
            case "export":
                return await Features.Export.ExportCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
            case "users":
                return await Features.Identity.UsersCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.\n\n{Usage}");
                return 2;
        }
    }
}
