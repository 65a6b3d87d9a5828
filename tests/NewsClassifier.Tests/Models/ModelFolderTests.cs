namespace NewsClassifier.Tests.Models;

/// <summary>A model folder is verified before use; every refusal says what to do.</summary>
public sealed class ModelFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nc-model-" + Guid.NewGuid().ToString("N"));

    public ModelFolderTests()
    {
        Directory.CreateDirectory(_folder);
        foreach (var file in Directory.GetFiles(TestPaths.Models))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Should_LoadAnIntactCopy()
    {
        var tagger = NewsTagger.Load(_folder);

        Assert.Equal(["energy", "safety", "law", "diplomacy"], tagger.Labels);
    }

    [Fact]
    public void Should_RefuseATruncatedModelFile()
    {
        var topics = Path.Combine(_folder, "topics.zip");
        var bytes = File.ReadAllBytes(topics);
        File.WriteAllBytes(topics, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(_folder));

        Assert.Contains("topics.zip", ex.Message);
        Assert.Contains("retrain", ex.Message);
    }

    [Fact]
    public void Should_RefuseAFileWhoseChecksumDisagreesWithTheCard()
    {
        var about = Path.Combine(_folder, "countries-about.zip");
        var bytes = File.ReadAllBytes(about);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(about, bytes);

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(_folder));

        Assert.Contains("does not match its model card", ex.Message);
    }

    [Fact]
    public void Should_RefuseAFolderFromAnotherSchemaVersion()
    {
        var cardPath = Path.Combine(_folder, ModelCard.FileName);
        var card = ModelCard.FromJson(File.ReadAllText(cardPath)) with { SchemaVersion = 99 };
        File.WriteAllText(cardPath, card.ToJson());

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(_folder));

        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains("Retrain", ex.Message);
    }

    [Fact]
    public void Should_RefuseAFolderWithoutACard()
    {
        File.Delete(Path.Combine(_folder, ModelCard.FileName));

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(_folder));

        Assert.Contains("no model-card.json", ex.Message);
    }

    [Fact]
    public void Should_RefuseACardThatIsNotJson()
    {
        File.WriteAllText(Path.Combine(_folder, ModelCard.FileName), "{ not json");

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(_folder));

        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Should_RefuseAMissingFolder()
    {
        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(Path.Combine(_folder, "nope")));

        Assert.Contains("does not exist", ex.Message);
    }
}
