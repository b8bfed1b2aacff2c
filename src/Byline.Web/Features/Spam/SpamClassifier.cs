namespace Byline.Web.Features.Spam;

/// <summary>
/// The model in use, shared by every request. Thread-safety by copy-on-write: <see cref="SpamModel"/> is
/// immutable, readers take the current reference without locking, and a verdict builds the next model
/// under a lock and publishes it with one reference write. Readers therefore always score against a
/// whole model, and concurrent verdicts are applied one after another, none lost. Register as a singleton.
/// </summary>
public sealed class SpamClassifier(SpamModel model, SpamThresholds thresholds)
{
    private readonly Lock _gate = new();
    private SpamModel _model = model;

    public SpamModel Model => Volatile.Read(ref _model);

    public SpamThresholds Thresholds { get; } = thresholds;

    /// <summary>The probability that the comment is spam; well under a millisecond.</summary>
    public double SpamProbability(SpamSample sample) => Model.SpamProbability(sample);

    public SpamDecision Classify(SpamSample sample) => Thresholds.Decide(SpamProbability(sample));

    /// <summary>A moderator's verdict, learned at once (one SGD step on a copy of the model).</summary>
    public void Learn(SpamSample sample, bool isSpam)
    {
        lock (_gate)
        {
            Volatile.Write(ref _model, _model.Learn(sample, isSpam));
        }
    }

    /// <summary>Swaps in a model loaded from storage, e.g. after another node saved its verdicts.</summary>
    public void Replace(SpamModel next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            Volatile.Write(ref _model, next);
        }
    }

    /// <summary>The starting model: trained on labeled CSV files (YouTube Spam Collection format), default thresholds.</summary>
    public static SpamClassifier TrainFromFiles(IEnumerable<string> csvPaths, SpamThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(csvPaths);
        var examples = csvPaths.Order(StringComparer.Ordinal).SelectMany(SpamCorpus.ReadFile).ToList();
        if (examples.Count == 0)
        {
            throw new ArgumentException("No labeled comments to train on.", nameof(csvPaths));
        }
        return new SpamClassifier(SpamModel.Train(examples), thresholds ?? SpamThresholds.Default);
    }
}
