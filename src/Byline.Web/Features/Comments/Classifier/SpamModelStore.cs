using Byline.Web.Features.Spam;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Classifier;

/// <summary>
/// Holds the site's classifier. At first start it is trained on the embedded YouTube Spam
/// Collection and saved; later starts load the saved model; every moderator verdict updates it
/// and saves it again, so what one moderator teaches survives restarts and reaches other nodes
/// when they start.
/// </summary>
public sealed partial class SpamModelStore(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SpamModelStore> logger) : IDisposable
{
    private readonly SemaphoreSlim _saving = new(1, 1);

    /// <summary>Null until <see cref="InitializeAsync"/> ran.</summary>
    public SpamClassifier? Classifier { get; private set; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var stored = await db.SpamModels.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            try
            {
                Classifier = new SpamClassifier(SpamModel.FromBytes(stored.Data), SpamThresholds.Default);
                return;
            }
            catch (InvalidDataException e)
            {
                // A model from an older feature set: start again from the default data.
                LogRetraining(e);
            }
        }
        Classifier = new SpamClassifier(SpamModel.Train(DefaultExamples()), SpamThresholds.Default);
        await SaveAsync(cancellationToken);
    }

    /// <summary>Applies labeled examples (a moderator's verdict, or a `spam train` file) and saves the result.</summary>
    public async Task LearnAsync(IEnumerable<SpamExample> examples, CancellationToken cancellationToken)
    {
        var classifier = Classifier ?? throw new InvalidOperationException("The spam model is not loaded yet.");
        foreach (var example in examples)
        {
            classifier.Learn(example.Sample, example.IsSpam);
        }
        await SaveAsync(cancellationToken);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        var bytes = Classifier!.Model.ToBytes();
        await _saving.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
            var row = await db.SpamModels.SingleOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                db.SpamModels.Add(new StoredSpamModel { Data = bytes, Version = 1, UpdatedAt = clock.GetUtcNow().UtcDateTime });
            }
            else
            {
                row.Data = bytes;
                row.Version++;
                row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _saving.Release();
        }
    }

    public void Dispose() => _saving.Dispose();

    internal static IReadOnlyList<SpamExample> DefaultExamples()
    {
        var assembly = typeof(SpamModelStore).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Byline.Spam.", StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return SpamCorpus.Parse(reader.ReadToEnd(), name);
            })];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored spam model could not be read; training a new one from the default data")]
    private partial void LogRetraining(Exception e);
}
