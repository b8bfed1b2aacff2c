using Byline.Web.Features.Spam;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Classifier;

/// <summary>
/// Holds the site's classifier. At first start it is trained on the embedded YouTube Spam
/// Collection and saved; later starts load the saved model; every moderator verdict is applied to
/// the newest saved model and saved again (optimistically, on the row's version), and the other
/// nodes are told to reload it, so what one moderator teaches on one node is used by all.
/// </summary>
public sealed partial class SpamModelStore : IDisposable
{
    public const string EvictionKey = "byline:spam-model";

    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<SpamModelStore> _logger;
    private readonly CacheEviction _eviction;
    private long _loadedVersion;

    public SpamModelStore(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SpamModelStore> logger, CacheEviction eviction)
    {
        (_scopes, _clock, _logger, _eviction) = (scopes, clock, logger, eviction);
        eviction.EvictedElsewhere += key =>
        {
            if (key == EvictionKey && Classifier is not null)
            {
                _ = ReloadAsync();
            }
        };
    }

    /// <summary>Null until <see cref="InitializeAsync"/> ran.</summary>
    public SpamClassifier? Classifier { get; private set; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var stored = await db.SpamModels.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            try
            {
                Classifier = new SpamClassifier(SpamModel.FromBytes(stored.Data), SpamThresholds.Default);
                _loadedVersion = stored.Version;
                return;
            }
            catch (InvalidDataException e)
            {
                // A model from an older feature set: start again from the default data.
                LogRetraining(e);
            }
        }
        Classifier = new SpamClassifier(SpamModel.Train(DefaultExamples()), SpamThresholds.Default);
        await LearnAsync([], cancellationToken);
    }

    /// <summary>
    /// Applies labeled examples (a moderator's verdict, or a `spam train` file) to the newest saved
    /// model and saves the result. When another node saved in between, its model is loaded first and
    /// the save retried, so neither node's lesson is lost.
    /// </summary>
    public async Task LearnAsync(IReadOnlyCollection<SpamExample> examples, CancellationToken cancellationToken)
    {
        if (Classifier is null)
        {
            throw new InvalidOperationException("The spam model is not loaded yet.");
        }
        await _saving.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
                var row = await db.SpamModels.SingleOrDefaultAsync(cancellationToken);
                var classifier = row is not null && row.Version != _loadedVersion
                    ? new SpamClassifier(SpamModel.FromBytes(row.Data), SpamThresholds.Default)
                    : Classifier;
                foreach (var example in examples)
                {
                    classifier.Learn(example.Sample, example.IsSpam);
                }
                var now = _clock.GetUtcNow().UtcDateTime;
                if (row is null)
                {
                    row = new StoredSpamModel { Data = classifier.Model.ToBytes(), Version = 1, UpdatedAt = now };
                    db.SpamModels.Add(row);
                }
                else
                {
                    row.Data = classifier.Model.ToBytes();
                    row.Version++;
                    row.UpdatedAt = now;
                }
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // Another node saved first (the version is a concurrency token): start from its model.
                    _loadedVersion = -1;
                    continue;
                }
                (Classifier, _loadedVersion) = (classifier, row.Version);
                break;
            }
        }
        finally
        {
            _saving.Release();
        }
        _eviction.Evict(EvictionKey);
    }

    /// <summary>Loads the saved model after another node changed it.</summary>
    private async Task ReloadAsync()
    {
        try
        {
            await _saving.WaitAsync();
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
                var stored = await db.SpamModels.AsNoTracking().SingleOrDefaultAsync();
                if (stored is not null && stored.Version != _loadedVersion)
                {
                    (Classifier, _loadedVersion) = (new SpamClassifier(SpamModel.FromBytes(stored.Data), SpamThresholds.Default), stored.Version);
                }
            }
            finally
            {
                _saving.Release();
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidDataException or InvalidOperationException)
        {
            LogReloadFailed(e);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reload the spam model another node saved; keeping this node's copy")]
    private partial void LogReloadFailed(Exception e);
}
