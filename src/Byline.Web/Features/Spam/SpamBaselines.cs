namespace Byline.Web.Features.Spam;

/// <summary>The simplest rule a site owner might write: a link, or the words "subscribe" or "channel", means spam.</summary>
public static class KeywordRule
{
    public static bool IsSpam(SpamSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = SpamText.Clean(sample.Content);
        return SpamText.CountLinks(text) > 0
            || SpamText.Words(text).Any(w => w is "subscribe" or "channel");
    }
}

/// <summary>
/// Textbook multinomial naive Bayes on lower-cased word unigrams with add-one smoothing, kept as a
/// baseline: it shows what the hashed n-grams and logistic regression add.
/// </summary>
public sealed class UnigramNaiveBayes
{
    private readonly Dictionary<string, (int Spam, int Ham)> _counts;
    private readonly double _spamTotal;
    private readonly double _hamTotal;
    private readonly double _prior;

    private UnigramNaiveBayes(Dictionary<string, (int Spam, int Ham)> counts, int spamExamples, int hamExamples)
    {
        _counts = counts;
        _spamTotal = counts.Values.Sum(c => c.Spam) + counts.Count;
        _hamTotal = counts.Values.Sum(c => c.Ham) + counts.Count;
        _prior = Math.Log((spamExamples + 1.0) / (hamExamples + 1.0));
    }

    public static UnigramNaiveBayes Train(IEnumerable<SpamExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var counts = new Dictionary<string, (int Spam, int Ham)>();
        int spam = 0, ham = 0;
        foreach (var example in examples)
        {
            spam += example.IsSpam ? 1 : 0;
            ham += example.IsSpam ? 0 : 1;
            foreach (var word in SpamText.Words(SpamText.Clean(example.Sample.Content)))
            {
                var (s, h) = counts.GetValueOrDefault(word);
                counts[word] = example.IsSpam ? (s + 1, h) : (s, h + 1);
            }
        }
        return new UnigramNaiveBayes(counts, spam, ham);
    }

    public double SpamProbability(SpamSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var logOdds = _prior;
        foreach (var word in SpamText.Words(SpamText.Clean(sample.Content)))
        {
            // Words never seen in training carry no evidence either way.
            if (_counts.TryGetValue(word, out var c))
            {
                logOdds += Math.Log((c.Spam + 1) / _spamTotal) - Math.Log((c.Ham + 1) / _hamTotal);
            }
        }
        return 1 / (1 + Math.Exp(-logOdds));
    }
}
