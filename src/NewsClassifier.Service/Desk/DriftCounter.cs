using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Desk;

namespace NewsClassifier.Service.Desk;

/// <summary>
/// Per-day drift counts of every story the service tags. Counting is an in-memory add on the request's thread; a
/// background loop adds the totals to the store every few seconds and once more at shutdown, so several replicas
/// sharing a PostgreSQL store add up. A crash loses at most the last few seconds of counts, never a decision.
/// </summary>
internal sealed class DriftCounter(IFeedbackStore store, ILogger<DriftCounter> logger) : BackgroundService, ITaggingObserver
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(3);
    private ConcurrentDictionary<(DateOnly Day, string Kind, string Key), long> _pending = new();

    public void Tagged(TagResult result)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var count in TaggedStories.DriftCounts(result, day))
        {
            _pending.AddOrUpdate((count.Day, count.Kind, count.Key), count.Count, (_, old) => old + count.Count);
        }
    }

    /// <summary>Adds what was counted so far to the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var taken = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(DateOnly Day, string Kind, string Key), long>());
        if (taken.IsEmpty)
        {
            return;
        }
        try
        {
            await store.AddCountsAsync(taken.Select(kv => new DailyCount(kv.Key.Day, kv.Key.Kind, kv.Key.Key, kv.Value)), cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            // Put the counts back for the next try; the store may be restarting.
            foreach (var (key, value) in taken)
            {
                _pending.AddOrUpdate(key, value, (_, old) => old + value);
            }
            logger.LogWarning("Drift counts not saved yet ({Kind}); will retry", ex.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }
}
