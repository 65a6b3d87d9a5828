using BenchmarkDotNet.Attributes;

namespace NewsClassifier.Benchmarks;

/// <summary>Cutting a scraped page into stories.</summary>
[Config(typeof(ShortRunConfig))]
public class IntakeBenchmarks
{
    private const int StoriesOnPage = 6;

    private string _page = null!;

    [GlobalSetup]
    public void Setup() => _page = BenchmarkCorpus.Page(StoriesOnPage);

    [Benchmark]
    public IReadOnlyList<PageStory> SplitPage() => NewsIntake.SplitPage(_page);
}
