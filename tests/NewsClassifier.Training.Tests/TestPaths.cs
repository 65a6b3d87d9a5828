using System.Text.Json;

namespace NewsClassifier.Training.Tests;

internal static class TestPaths
{
    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>The project's training corpus, copied next to the tests.</summary>
    public static string Corpus => TestData("corpus.jsonl");

    /// <summary>A temporary folder removed when disposed.</summary>
    public static TempFolder Temp() => new();

    /// <summary>Writes a small JSONL dataset from the corpus: <paramref name="perSplit"/> rows of each split, in corpus order.</summary>
    public static string CorpusSample(TempFolder folder, int train, int validation, int test)
    {
        var wanted = new Dictionary<string, int> { ["train"] = train, ["validation"] = validation, ["test"] = test };
        var lines = File.ReadLines(Corpus).Where(line =>
        {
            var split = JsonDocument.Parse(line).RootElement.GetProperty("split").GetString()!;
            return wanted[split]-- > 0;
        }).ToList();
        var path = Path.Combine(folder.Path, "sample.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nc-test-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name, string contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
