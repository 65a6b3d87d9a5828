using System.Runtime.CompilerServices;
using NewsClassifier.Internal;

namespace NewsClassifier.Tests.Tagging;

public class OrderedParallelTests
{
    [Fact]
    public async Task Should_KeepInputOrder_When_WorkFinishesOutOfOrder()
    {
        var source = Enumerable.Range(0, 200).ToAsyncEnumerable();

        var results = new List<int>();
        await foreach (var r in OrderedParallel.SelectAsync(source, i => { Thread.Sleep(i % 7); return i * 2; }, threads: 4, capacity: 16))
        {
            results.Add(r);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 2), results);
    }

    [Fact]
    public async Task Should_ReadOnlyABoundedNumberAhead_When_TheConsumerIsSlow()
    {
        var read = 0;
        async IAsyncEnumerable<int> Endless([EnumeratorCancellation] CancellationToken ct = default)
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                Interlocked.Increment(ref read);
                yield return i;
                await Task.Yield();
            }
        }

        var consumed = 0;
        var maxAhead = 0;
        await foreach (var _ in OrderedParallel.SelectAsync(Endless(), i => i, threads: 2, capacity: 8))
        {
            consumed++;
            await Task.Delay(2);
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref read) - consumed);
            if (consumed == 50)
            {
                break;
            }
        }

        // In flight: the channel (8), one item waiting to enter it, and the worker gate (2).
        Assert.InRange(maxAhead, 0, 8 + 2 + 2);
    }

    [Fact]
    public async Task Should_PassOnTheSourcesException()
    {
        async IAsyncEnumerable<int> Broken()
        {
            yield return 1;
            await Task.Yield();
            throw new InvalidDataException("broken source");
        }

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in OrderedParallel.SelectAsync(Broken(), i => i, 2, 4))
            {
            }
        });
        Assert.Equal("broken source", ex.Message);
    }
}
