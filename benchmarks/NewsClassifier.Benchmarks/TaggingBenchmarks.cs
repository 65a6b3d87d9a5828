using BenchmarkDotNet.Attributes;

namespace NewsClassifier.Benchmarks;

/// <summary>What one ~300-word story costs: the whole tagger, and the parts that run without the topic model.</summary>
[Config(typeof(ShortRunConfig))]
public class TaggingBenchmarks
{
    private NewsTagger _tagger = null!;
    private NewsArticle _story = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tagger = NewsTagger.Load(NewsTagger.DefaultModelFolder);
        _story = BenchmarkCorpus.OneStory;
    }

    [Benchmark(Baseline = true)]
    public TagResult Tag() => _tagger.Tag(_story);

    /// <summary>Entity spotting is internal; CountryEvidenceOf is the public path to it (normalise, spot names, tally countries).</summary>
    [Benchmark]
    public IReadOnlyList<CountryEvidence> CountryEvidenceOf() => _tagger.CountryEvidenceOf(_story);

    /// <summary>Normalisation runs inside both of the above; measured alone so it can be subtracted.</summary>
    [Benchmark]
    public string Normalize() => NewsIntake.Normalize(_story.Text);
}
