using BenchmarkDotNet.Attributes;

namespace NewsClassifier.Benchmarks;

/// <summary>Batch throughput through the streaming API; per-story time and Op/s (stories per second) come from OperationsPerInvoke.</summary>
[Config(typeof(ShortRunConfig))]
public class BatchBenchmarks
{
    private const int BatchSize = 2_000;

    private NewsTagger _tagger = null!;
    private List<NewsArticle> _batch = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tagger = NewsTagger.Load(NewsTagger.DefaultModelFolder, new TaggerOptions { Threads = Threads });
        _batch = BenchmarkCorpus.Batch(BatchSize);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task<int> TagAsync()
    {
        var tagged = 0;
        await foreach (var result in _tagger.TagAsync(_batch.ToAsyncEnumerable()))
        {
            tagged += result.Succeeded ? 1 : 0;
        }
        return tagged;
    }
}
