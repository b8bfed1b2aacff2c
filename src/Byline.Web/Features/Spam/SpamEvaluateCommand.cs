using System.Globalization;

namespace Byline.Web.Features.Spam;

/// <summary>
/// <c>spam evaluate</c>: trains on labeled CSV files and prints the metrics table. Needs no database or
/// service, so it runs before (and without) anything the site would start.
/// </summary>
public static class SpamEvaluateCommand
{
    public const string Usage = """
        Usage: spam evaluate --train A.csv [B.csv ...] --test C.csv
               spam evaluate --leave-one-out DIR    (each CSV in DIR in turn is the test, the others train)
        """;

    // Long enough for tiered compilation to settle, so timings show a running server, not start-up.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var train, out var test, out var directory, out var problem))
        {
            error.WriteLine($"{problem}\n\n{Usage}");
            return 2;
        }
        try
        {
            IReadOnlyList<SpamReport> reports;
            if (directory is not null)
            {
                var files = Directory.GetFiles(directory, "*.csv").Order(StringComparer.Ordinal).Select(SpamDataset.FromFile).ToList();
                if (files.Count < 2)
                {
                    error.WriteLine($"Leave-one-out needs at least two CSV files in '{directory}'; found {files.Count}.");
                    return 2;
                }
                SpamEvaluation.WarmUp(files, WarmUp);
                reports = SpamEvaluation.LeaveOneOut(files);
                output.WriteLine($"Leave one file out over {files.Count} files in {directory}: each row is a file the model never saw.");
            }
            else
            {
                var training = train.Select(SpamDataset.FromFile).ToList();
                var testSet = SpamDataset.FromFile(test!);
                SpamEvaluation.WarmUp(training, WarmUp);
                reports = [SpamEvaluation.TrainAndTest(training, testSet)];
                output.WriteLine($"Trained on {string.Join(", ", training.Select(t => t.Name))}; tested on {testSet.Name}.");
            }
            output.WriteLine("Thresholds are chosen on the training files only. \"held\" goes to a human; F1 counts held spam as missed, \"F1 (held = caught)\" as caught.");
            output.WriteLine();
            output.Write(SpamEvaluation.FormatTable(reports));
            output.WriteLine();
            var worstF1 = reports.MinBy(r => r.Model.F1)!;
            var worstHam = reports.MaxBy(r => r.Model.HamFlaggedAsSpam)!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Lowest F1 {worstF1.Model.F1:0.000} ({worstF1.TestSet}); most ham flagged as spam {worstHam.Model.HamFlaggedAsSpam:0.0%} ({worstHam.TestSet}). Targets: F1 >= 0.95 and ham flagged <= 1% on every file."));
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    private static bool TryParse(IReadOnlyList<string> args, out List<string> train, out string? test, out string? directory, out string problem)
    {
        train = [];
        test = null;
        directory = null;
        problem = "";
        List<string>? current = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--train":
                    current = train;
                    break;
                case "--test" when i + 1 < args.Count:
                    test = Resolve(args[++i]);
                    current = null;
                    break;
                case "--leave-one-out" when i + 1 < args.Count:
                    directory = Resolve(args[++i]);
                    current = null;
                    break;
                case var value when current is not null && !value.StartsWith("--", StringComparison.Ordinal):
                    current.Add(Resolve(value));
                    break;
                default:
                    problem = $"Unexpected argument '{args[i]}'.";
                    return false;
            }
        }
        if (directory is not null)
        {
            problem = train.Count > 0 || test is not null ? "Use either --leave-one-out or --train/--test, not both."
                : !Directory.Exists(directory) ? $"No such directory: '{directory}'."
                : "";
            return problem.Length == 0;
        }
        if (train.Count == 0 || test is null)
        {
            problem = "Give --train with at least one CSV file and --test with one, or --leave-one-out with a directory.";
            return false;
        }
        var missing = train.Append(test).FirstOrDefault(f => !File.Exists(f));
        problem = missing is null ? "" : $"No such file: '{missing}'.";
        return missing is null;
    }

    /// <summary>
    /// <c>dotnet run --project src/Byline.Web</c> starts the app in the project folder, so a relative path
    /// typed at the repository root is not found there: look for it from each folder above as well.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }
        for (var folder = Directory.GetParent(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(folder.FullName, path));
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return path;
    }
}
