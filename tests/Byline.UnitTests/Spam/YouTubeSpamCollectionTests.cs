using Byline.Web.Features.Spam;

namespace Byline.UnitTests.Spam;

/// <summary>
/// The YouTube Spam Collection (Alberto, Lochter and Almeida, ICMLA 2015; UCI ML Repository, CC BY 4.0)
/// lives outside the repository, in <c>shared/data/spam</c> beside it; these tests skip when it is absent.
/// </summary>
public sealed class YouTubeSpamCollectionTests
{
    [SpamDataFact]
    public void Every_file_parses_with_the_documented_row_counts()
    {
        var counts = Files().ToDictionary(f => f.Name, f => (f.Examples.Count, f.Examples.Count(e => e.IsSpam)));

        Assert.Equal((350, 175), counts["Youtube01-Psy.csv"]);
        Assert.Equal((350, 175), counts["Youtube02-KatyPerry.csv"]);
        Assert.Equal((438, 236), counts["Youtube03-LMFAO.csv"]);
        Assert.Equal((448, 245), counts["Youtube04-Eminem.csv"]);
    }

    /// <summary>
    /// The targets are F1 ≥ 0.95 with ham flagged ≤ 1% on every held-out file. The second is met;
    /// the first is not (measured 0.877–0.942, docs/spam.md), so the F1 floor below guards the measured
    /// level against regressions rather than claiming the target.
    /// </summary>
    [SpamDataFact]
    public void Leave_one_file_out_flags_at_most_one_percent_of_ham_and_beats_the_keyword_baseline()
    {
        var reports = SpamEvaluation.LeaveOneOut(Files());

        Assert.Equal(4, reports.Count);
        Assert.All(reports, r =>
        {
            Assert.True(r.Model.HamFlaggedAsSpam <= 0.01, $"{r.TestSet}: {r.Model.HamFlaggedAsSpam:P1} of ham flagged as spam");
            Assert.True(r.Model.F1 >= 0.87, $"{r.TestSet}: F1 {r.Model.F1:0.000}");
            Assert.True(r.Model.CaughtF1 >= 0.93, $"{r.TestSet}: F1 with held counted as caught {r.Model.CaughtF1:0.000}");
            Assert.True(r.Model.F1 > r.Baselines.Single(b => b.Classifier == "baseline: keywords").F1, $"{r.TestSet}: keyword rule does better");
        });
    }

    [SpamDataFact]
    public void The_default_thresholds_are_what_cross_validation_on_all_files_chooses()
    {
        var chosen = SpamEvaluation.ChooseThresholds(Files());

        // Rounded up to three decimals in the code, so the budgets still hold.
        Assert.InRange(SpamThresholds.Default.Spam - chosen.Spam, 0, 0.001);
        Assert.InRange(SpamThresholds.Default.Hold - chosen.Hold, 0, 0.001);
    }

    [SpamDataFact]
    public void The_starting_classifier_trained_from_the_files_sorts_typical_comments()
    {
        var classifier = SpamClassifier.TrainFromFiles(Directory.GetFiles(SpamData.Folder!, "*.csv"));

        Assert.Equal(SpamDecision.Spam, classifier.Classify(new SpamSample("Promo Guy", "Hey guys check out my channel and subscribe!!! http://bit.ly/xyz")));
        Assert.Equal(SpamDecision.Approved, classifier.Classify(new SpamSample("Jo", "I have loved this song since I was a kid, the video is so funny")));
    }

    private static List<SpamDataset> Files() =>
        [.. Directory.GetFiles(SpamData.Folder!, "*.csv").Order(StringComparer.Ordinal).Select(SpamDataset.FromFile)];
}

/// <summary>A fact that is skipped, with the reason, when the labeled comments are not beside the repository.</summary>
public sealed class SpamDataFactAttribute : FactAttribute
{
    public SpamDataFactAttribute()
    {
        if (SpamData.Folder is null)
        {
            Skip = $"shared/data/spam not found in any folder above {AppContext.BaseDirectory}; CI checks out shared/ beside the repository.";
        }
    }
}

internal static class SpamData
{
    /// <summary>The first <c>shared/data/spam</c> found walking up from the test binaries: the repository's sibling in CI and here.</summary>
    public static string? Folder { get; } = Find();

    private static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data", "spam");
            if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.csv").Length >= 2)
            {
                return candidate;
            }
        }
        return null;
    }
}
