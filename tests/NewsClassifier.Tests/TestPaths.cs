namespace NewsClassifier.Tests;

/// <summary>Where the test inputs are: fixtures and the shipped model are copied next to the test assembly.</summary>
internal static class TestPaths
{
    public static string Models => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The shipped accurate model (sentence embeddings), copied next to the tests.</summary>
    public static string AccurateModels => Path.Combine(AppContext.BaseDirectory, "models-accurate");

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>The shared folder beside the project, when this machine has it (tests that need it skip otherwise).</summary>
    public static string? Shared()
    {
        // ../shared beside the checkout (/work/main -> /work/shared) or further up (worktrees under /work/wt/NAME).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "seed-pages")))
            {
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>One tagger for the whole test run: loading a model takes a moment and the tagger is thread-safe.</summary>
public sealed class ShippedModelFixture
{
    public NewsTagger Tagger { get; } = NewsTagger.Load(TestPaths.Models);
}

[CollectionDefinition(Name)]
public sealed class ShippedModelCollection : ICollectionFixture<ShippedModelFixture>
{
    public const string Name = "shipped model";
}

/// <summary>The repository's own folders (training data), found by walking up to NewsClassifier.sln.</summary>
internal static class RepoPaths
{
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
