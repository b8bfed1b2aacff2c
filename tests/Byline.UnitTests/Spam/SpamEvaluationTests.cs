using System.Diagnostics;
using Byline.Web.Features.Spam;

namespace Byline.UnitTests.Spam;

public sealed class SpamEvaluationTests
{
    [Fact]
    public void Metrics_on_a_hand_made_set()
    {
        // 4 spam: 2 marked spam, 1 held, 1 approved. 6 ham: 1 marked spam, 1 held, 4 approved.
        (bool, SpamDecision)[] outcomes =
        [
            (true, SpamDecision.Spam), (true, SpamDecision.Spam), (true, SpamDecision.Held), (true, SpamDecision.Approved),
            (false, SpamDecision.Spam), (false, SpamDecision.Held),
            (false, SpamDecision.Approved), (false, SpamDecision.Approved), (false, SpamDecision.Approved), (false, SpamDecision.Approved),
        ];

        var m = SpamMetrics.From("model", "hand-made", outcomes, []);

        Assert.Equal((4, 6, 10), (m.SpamCount, m.HamCount, m.Comments));
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(0.5, m.Recall, 12);
        Assert.Equal(4.0 / 7, m.F1, 12);
        Assert.Equal(0.7, m.Accuracy, 12);
        Assert.Equal(1.0 / 6, m.HamFlaggedAsSpam, 12);
        Assert.Equal(0.2, m.HeldShare, 12);
        Assert.Equal(1.0 / 6, m.HamHeldShare, 12);
        // Held counted as caught: 3 of 4 spam caught, 2 of 5 caught comments are ham.
        Assert.Equal(0.6, m.CaughtPrecision, 12);
        Assert.Equal(0.75, m.CaughtRecall, 12);
        Assert.Equal(2.0 / 3, m.CaughtF1, 12);
    }

    [Fact]
    public void A_classifier_that_marks_nothing_has_zero_precision_recall_and_f1()
    {
        var m = SpamMetrics.From("none", "t", [(true, SpamDecision.Approved), (false, SpamDecision.Approved)], []);

        Assert.Equal((0.0, 0.0, 0.0, 0.5), (m.Precision, m.Recall, m.F1, m.Accuracy));
    }

    [Fact]
    public void Timings_are_reported_as_nearest_rank_median_and_p99_in_microseconds()
    {
        var ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;
        var ticks = Enumerable.Range(1, 100).Select(us => (long)Math.Round(us * ticksPerMicrosecond)).Reverse().ToList();

        var m = SpamMetrics.From("model", "t", [], ticks);

        Assert.Equal(50, m.MedianMicroseconds, 3);
        Assert.Equal(99, m.P99Microseconds, 3);
        Assert.Equal(7, SpamMetrics.Percentile([7], 0.99));
        Assert.Equal(0, SpamMetrics.Percentile([], 0.5));
    }

    [Fact]
    public void Thresholds_decide_at_and_above_each_cut_off()
    {
        var thresholds = new SpamThresholds(Spam: 0.9, Hold: 0.6);

        Assert.Equal(SpamDecision.Spam, thresholds.Decide(0.9));
        Assert.Equal(SpamDecision.Held, thresholds.Decide(0.8999));
        Assert.Equal(SpamDecision.Held, thresholds.Decide(0.6));
        Assert.Equal(SpamDecision.Approved, thresholds.Decide(0.5999));
    }

    [Fact]
    public void The_lowest_threshold_keeps_every_fold_within_its_ham_budget()
    {
        double[] first = [0.95, 0.7, 0.2, 0.1];
        double[] second = [0.8, 0.75, 0.3, 0.2];

        // No ham at all may reach the threshold: just above the highest ham of any fold.
        Assert.Equal(Math.BitIncrement(0.95), SpamEvaluation.LowestThresholdWithin([first, second], 0.10));
        // One ham in four may: just above each fold's second highest, the larger of the two.
        Assert.Equal(Math.BitIncrement(0.75), SpamEvaluation.LowestThresholdWithin([first, second], 0.25));
        Assert.Equal(0, SpamEvaluation.LowestThresholdWithin([first], 1.0));
    }

    [Fact]
    public void Thresholds_are_chosen_on_training_data_only_and_the_report_covers_model_and_baselines()
    {
        var training = new SpamDataset("train.csv", Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            new SpamExample(new SpamSample("bot", $"check out my channel {i} and subscribe http://promo{i}.example"), true),
            new SpamExample(new SpamSample("fan", $"this song reminds me of summer number {i}"), false),
        }).ToList());
        var test = new SpamDataset("test.csv",
        [
            new SpamExample(new SpamSample("bot", "subscribe to my channel http://new.example"), true),
            new SpamExample(new SpamSample("fan", "what a lovely song"), false),
        ]);

        var report = SpamEvaluation.TrainAndTest([training], test);

        Assert.Equal("test.csv", report.TestSet);
        Assert.Equal(SpamEvaluation.ChooseThresholds([training]), report.Thresholds);
        Assert.InRange(report.Thresholds.Hold, 0, report.Thresholds.Spam);
        Assert.Equal(1.0, report.Model.Accuracy);
        Assert.Equal(["baseline: keywords", "baseline: unigram NB"], report.Baselines.Select(b => b.Classifier));
        var table = SpamEvaluation.FormatTable([report]);
        Assert.Contains("| model | test.csv | 1.000 | 1.000 | 1.000 | 1.000 | 0.0% (0/1) |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_keyword_baseline_flags_links_and_the_words_subscribe_and_channel()
    {
        Assert.True(KeywordRule.IsSpam(new SpamSample("", "see mysite . com")));
        Assert.True(KeywordRule.IsSpam(new SpamSample("", "Please SUBSCRIBE")));
        Assert.True(KeywordRule.IsSpam(new SpamSample("", "my channel is new")));
        Assert.False(KeywordRule.IsSpam(new SpamSample("", "subscribers keep channeling the song")));
    }

    [Fact]
    public void The_evaluate_command_explains_bad_arguments_and_names_the_bad_line_of_a_file()
    {
        var folder = Directory.CreateTempSubdirectory("byline-spam-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.csv"), "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n1,Ann,,hi,0\n");
            File.WriteAllText(Path.Combine(folder.FullName, "b.csv"), "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n1,Ann,,hi,0\n2,Bob,,\"open,1\n");
            var output = new StringWriter();
            var error = new StringWriter();

            Assert.Equal(2, SpamEvaluateCommand.Run(["--train"], output, error));
            Assert.Contains("Usage: spam evaluate", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(1, SpamEvaluateCommand.Run(["--leave-one-out", folder.FullName], output, error));
            Assert.Contains("b.csv line 3", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
