using BenchmarkDotNet.Attributes;
namespace NewsClassifier.Benchmarks;

/// <summary>Issue 15, case 6: a story of "U.S." repeated 200,000 times (800,000 characters) took 133 s when every dot rescanned its word.</summary>
[Config(typeof(ShortRunConfig))]
public class WorstCaseBenchmarks
{
    private NewsTagger _tagger = null!;
    private NewsArticle _story = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tagger = NewsTagger.Load(NewsTagger.DefaultModelFolder);
        _story = new NewsArticle("us-200k", string.Concat(Enumerable.Repeat("U.S.", 200_000)), null);
    }

    [Benchmark]
    public TagResult TagDottedRun() => _tagger.Tag(_story);
}
