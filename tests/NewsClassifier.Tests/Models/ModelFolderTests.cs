using System.Diagnostics;
using System.Text.Json.Nodes;

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

    private string CardPath => Path.Combine(_folder, ModelCard.FileName);

    /// <summary>Edits the card's JSON as a person with a text editor would, leaving the model files alone.</summary>
    private void EditCard(Action<JsonObject> edit)
    {
        var card = JsonNode.Parse(File.ReadAllText(CardPath))!.AsObject();
        edit(card);
        File.WriteAllText(CardPath, card.ToJsonString());
    }

    /// <summary>Loads with a time limit: the refusals below used to hang on a FIFO or /dev/zero.</summary>
    private ModelLoadException LoadRefused()
    {
        var load = Task.Run(() => NewsTagger.Load(_folder));
        var finished = ((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60));
        Assert.True(finished, "loading the folder did not finish within 60 s");
        var ex = Assert.IsType<ModelLoadException>(load.Exception?.InnerException);
        Assert.Contains("retrain", ex.Message, StringComparison.OrdinalIgnoreCase);
        return ex;
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("7.5")]
    [InlineData("1e30")]
    public void Should_RefuseTheCard_When_AThresholdIsOutsideZeroToOne(string threshold)
    {
        // Issue 15, case 16: these were accepted and 'inspect' said "verified".
        // Given a card whose energy threshold was edited by hand.
        EditCard(card => card["thresholds"]!["energy"] = JsonNode.Parse(threshold));

        // When the folder is loaded.
        var ex = LoadRefused();

        // Then it is refused, naming the field and the value.
        Assert.Contains("threshold of 'energy'", ex.Message);
        Assert.Contains("outside [0, 1]", ex.Message);
    }

    [Fact]
    public void Should_RefuseTheCard_When_TheCountryModelSectionIsRemoved()
    {
        // Issue 15, case 16: deleting "countryModel" silently turned the country models off.
        EditCard(card => card.Remove("countryModel"));

        var ex = LoadRefused();

        Assert.Contains("countries-about.zip", ex.Message);
    }

    [Fact]
    public void Should_RefuseTheCard_When_TheCountryModelAndItsChecksumsAreRemoved()
    {
        // Issue 15, case 16: the same edit, covering its tracks in "files" too.
        EditCard(card =>
        {
            card.Remove("countryModel");
            card["files"]!.AsObject().Remove("countries-about.zip");
            card["files"]!.AsObject().Remove("countries-primary.zip");
        });

        var ex = LoadRefused();

        Assert.Contains("\"countryModel\" is missing", ex.Message);
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("files")]
    [InlineData("thresholds")]
    [InlineData("metrics")]
    [InlineData("candidates")]
    [InlineData("textFields")]
    public void Should_RefuseTheCard_When_ASectionIsNull(string section)
    {
        // Issue 15, case 17: "labels": null and "files": null crashed tag and inspect with a NullReferenceException.
        EditCard(card => card[section] = null);

        var ex = LoadRefused();

        Assert.Contains("cannot be trusted", ex.Message);
    }

    [Fact]
    public void Should_RefuseTheCard_When_TrainingRowsAreNull()
    {
        // Issue 15, case 17: "rows": null crashed inspect.
        EditCard(card => card["trainingData"]!["rows"] = null);

        var ex = LoadRefused();

        Assert.Contains("\"trainingData\"", ex.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("zz3ad51958d5a3b096690b830f0738fae1a19b0e18aed034d6626a319c8fc2e93")]
    public void Should_RefuseTheCard_When_AChecksumIsNotAHash(string hash)
    {
        // Issue 15, case 17: a short hash string crashed the mismatch message (expected[..12]).
        EditCard(card => card["files"]!["topics.zip"] = hash);

        var ex = LoadRefused();

        Assert.Contains("checksum of 'topics.zip' is not 64 hex digits", ex.Message);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("../topics.zip")]
    public void Should_RefuseTheCard_When_ItListsAFileOutsideTheFolder(string file)
    {
        // Issue 15, case 18: a card listing /dev/zero made inspect hash forever.
        EditCard(card => card["files"]![file] = new string('0', 64));

        var ex = LoadRefused();

        Assert.Contains("only files inside the model folder", ex.Message);
    }

    [SkippableFact]
    public void Should_RefuseAModelFile_When_ItIsALinkToDevZero()
    {
        // Issue 15, case 18: the same through a symbolic link in the folder.
        Skip.IfNot(OperatingSystem.IsLinux(), "/dev/zero is a Linux device");
        var about = Path.Combine(_folder, "countries-about.zip");
        File.Delete(about);
        File.CreateSymbolicLink(about, "/dev/zero");

        var ex = LoadRefused();

        Assert.Contains("countries-about.zip", ex.Message);
        Assert.Contains("outside the model folder", ex.Message);
    }

    [SkippableFact]
    public void Should_RefuseAModelFile_When_ItIsAFifo()
    {
        // Issue 15, case 18: a FIFO as a model part hung inspect, which then ignored SIGTERM.
        Skip.IfNot(File.Exists("/usr/bin/mkfifo") || File.Exists("/bin/mkfifo"), "mkfifo is not installed");
        var about = Path.Combine(_folder, "countries-about.zip");
        File.Delete(about);
        using (var mkfifo = Process.Start("mkfifo", [about]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var ex = LoadRefused();

        Assert.Contains("device, FIFO or /proc entry", ex.Message);
    }

    [SkippableFact]
    public void Should_RefuseTheCard_When_TheCardItselfIsAFifo()
    {
        // Issue 15, case 18: the card is read before anything else, so it is checked the same way.
        Skip.IfNot(File.Exists("/usr/bin/mkfifo") || File.Exists("/bin/mkfifo"), "mkfifo is not installed");
        File.Delete(CardPath);
        using (var mkfifo = Process.Start("mkfifo", [CardPath]))
        {
            mkfifo.WaitForExit();
        }

        var ex = LoadRefused();

        Assert.Contains("model-card.json", ex.Message);
    }
}
