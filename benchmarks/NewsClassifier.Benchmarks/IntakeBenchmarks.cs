using BenchmarkDotNet.Attributes;

namespace NewsClassifier.Benchmarks;

/// <summary>Cutting a scraped page into stories.</summary>
[Config(typeof(ShortRunConfig))]
public class IntakeBenchmarks
{
    private const int StoriesOnPage = 6;

    private string _page = null!;
    private string _html = null!;

    [GlobalSetup]
    public void Setup()
    {
        _page = BenchmarkCorpus.Page(StoriesOnPage);
        _html = BenchmarkCorpus.HtmlPage(StoriesOnPage);
    }

    /// <summary>A plain-text page through the page line classifier.</summary>
    [Benchmark]
    public IReadOnlyList<PageStory> SplitPage() => NewsIntake.SplitPage(_page);

    /// <summary>The same stories as an HTML listing: AngleSharp parse, block lines, the same classifier.</summary>
    [Benchmark]
    public IReadOnlyList<PageStory> SplitHtmlPage() => NewsIntake.SplitPage(_html, PageFormat.Html);
}
