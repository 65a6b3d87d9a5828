using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NewsClassifier.Internal;

/// <summary>Maps a stream on several threads while keeping input order and a bounded number of items in flight.</summary>
internal static class OrderedParallel
{
    /// <summary>How long a stopped consumer waits for the producer to notice.</summary>
    private static readonly TimeSpan ProducerGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Applies <paramref name="map"/> to every item on up to <paramref name="threads"/> threads. At most
    /// <paramref name="capacity"/> items are read ahead of the consumer, so memory stays flat however long the input is.
    /// </summary>
    public static async IAsyncEnumerable<TOut> SelectAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source,
        Func<TIn, TOut> map,
        int threads,
        int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var pending = Channel.CreateBounded<Task<TOut>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Not disposed: a work item cut off by cancellation may still release it.
        var gate = new SemaphoreSlim(threads);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token).ConfigureAwait(false))
                {
                    await gate.WaitAsync(stop.Token).ConfigureAwait(false);
                    var work = Task.Run(() =>
                    {
                        try
                        {
                            return map(item);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }, CancellationToken.None);
                    await pending.Writer.WriteAsync(work, stop.Token).ConfigureAwait(false);
                }
                pending.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                pending.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var work in pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return await work.ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // The producer stops at its next await; but a read from a pipe or a terminal (stdin) does not observe
            // cancellation and may block for ever, so it gets a moment, then is left behind: a stalled producer must
            // not keep an interrupted run from writing what it finished (issue 15, case 11).
            try
            {
                await producer.WaitAsync(ProducerGrace, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
            }
            while (pending.Reader.TryRead(out var leftover))
            {
                try
                {
                    await leftover.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The consumer has stopped; results no one will read are dropped.
                }
            }
        }
    }
}
