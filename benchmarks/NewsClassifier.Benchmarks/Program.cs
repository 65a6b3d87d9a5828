using BenchmarkDotNet.Running;
using NewsClassifier.Benchmarks;

// Pick benchmarks with --filter, e.g. dotnet run -c Release --project benchmarks/NewsClassifier.Benchmarks -- --filter '*Batch*'.
BenchmarkSwitcher.FromAssembly(typeof(ShortRunConfig).Assembly).Run(args);
