using BenchmarkDotNet.Attributes;

namespace NewsClassifier.Benchmarks;

/// <summary>Model load in a warm process (checksums, three ML.NET models); the cold-start figure, JIT included, comes from benchmarks/run.sh.</summary>
[Config(typeof(ShortRunConfig))]
public class LoadBenchmarks
{
    [Benchmark]
    public NewsTagger Load() => NewsTagger.Load(NewsTagger.DefaultModelFolder);
}
