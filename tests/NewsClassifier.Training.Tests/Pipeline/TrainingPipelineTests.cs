using NewsClassifier.Training.Data;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Pipeline;

/// <summary>Trains small real models on a slice of the project's corpus (a few seconds each).</summary>
public class TrainingPipelineTests
{
    private static readonly string[] Topics = ["energy", "safety", "law", "diplomacy"];

    private static TrainingOptions Options(string data, string output, TrainerKind? trainer = TrainerKind.LinearSvm) => new()
    {
        DataPath = data,
        OutputFolder = output,
        Labels = Topics,
        Trainer = trainer,
        Seed = 7,
    };

    private static TrainingResult Train(TrainingOptions options) => new TrainingPipeline(_ => { }).Run(options);

    [Fact]
    public async Task Should_WriteAModelFolder_ThatReloadsAndPredictsTheSame()
    {
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 300, validation: 60, test: 60);
        var output = Path.Combine(temp.Path, "model");

        var result = Train(Options(data, output));

        Assert.True(result.Replaced);
        Assert.True(File.Exists(Path.Combine(output, ModelCard.FileName)));
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(output, ModelCard.FileName)));
        Assert.Equal(Topics, card.Labels);
        Assert.Equal(["countries-about.zip", "countries-primary.zip", "entities.bin", "topics.zip"], card.Files.Keys.Order());
        Assert.Equal(64, card.TrainingData!.Sha256.Length);
        Assert.InRange(card.Metrics["test"]["macroF1"], 0.0, 1.0);

        // Round trip: the saved model, reloaded, gives the predictions the card's metrics were computed from.
        var rows = DatasetReader.Read(data, new DatasetSchema()).Where(r => r.Split == "test").ToList();
        var tagger = NewsTagger.Load(output);
        var predicted = rows.Select(r => (IReadOnlyCollection<string>)tagger.Tag(r.ToArticle()).Topics.Select(t => t.Label).ToHashSet()).ToList();
        var metrics = NewsClassifier.Training.Evaluation.MultiLabelMetrics.Compute(Topics, rows.Select(r => (IReadOnlyCollection<string>)r.Labels.ToHashSet()).ToList(), predicted);
        Assert.Equal(card.Metrics["test"]["macroF1"], Math.Round(metrics.MacroF1, 4), 3);

        // The country models too: the reloaded folder gives the country figures the card recorded (issue #11).
        var countryRows = rows.Where(r => r.Countries.Count > 0).ToList();
        var evaluation = await NewsClassifier.Training.Evaluation.Evaluator.EvaluateAsync(tagger, countryRows, "test");
        Assert.Equal(card.Metrics["test"]["countryMicroF1"], Math.Round(evaluation.Countries.MicroF1, 4), 4);
        Assert.Equal(card.Metrics["test"]["primaryAccuracy"], Math.Round(evaluation.Countries.PrimaryAccuracy, 4), 4);

        // And the entity recogniser (issue #14): the reloaded folder finds the entities the card measured on the held-out stories.
        var annotations = NewsClassifier.Training.Entities.EntityAnnotations.Read(data);
        var heldOut = DatasetReader.Read(data, new DatasetSchema()).Where(r => r.Split is "test" or "validation");
        var entities = NewsClassifier.Training.Entities.EntityEvaluation.Run(tagger, heldOut, annotations)!;
        Assert.Equal(card.EntityModel!.Metrics["entityF1"], Math.Round(entities.F1, 4), 4);
        Assert.True(entities.F1 > 0.5, $"entity F1 {entities.F1:0.000} after training on the sample");
    }

    [Fact]
    public void Should_OrderLabelsAsTheDataFirstShowsThem_When_NoLabelListIsGiven_Issue11()
    {
        using var temp = TestPaths.Temp();
        var rows = Enumerable.Range(0, 30).Select(i => $"{{\"id\":\"{i}\",\"title\":\"Report {i}\",\"text\":\"story number {i} about {(i % 2 == 0 ? "pipelines and gas" : "courts and judges")}\",\"topics\":[\"{(i % 2 == 0 ? "zeta" : "alpha")}\"]}}");
        var data = temp.File("order.jsonl", string.Join("\n", rows));

        var result = Train(Options(data, Path.Combine(temp.Path, "m")) with { Labels = null });

        Assert.Equal(["zeta", "alpha"], result.Card.Labels);
    }

    [Fact]
    public void Should_RefuseLabelsThatDifferOnlyInCase()
    {
        using var temp = TestPaths.Temp();
        var rows = Enumerable.Range(0, 30).Select(i => $"{{\"id\":\"{i}\",\"text\":\"story {i}\",\"topics\":[\"{(i % 3 == 0 ? "energy" : i % 3 == 1 ? "Energy" : "law")}\"]}}");
        var data = temp.File("case.jsonl", string.Join("\n", rows));

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m")) with { Labels = null }));

        Assert.Contains("'energy', 'Energy'", ex.Message);
    }

    [Fact]
    public void Should_SkipAFailingTrainer_AndChooseAmongTheRest_Issue11()
    {
        // Given a selection run where FastTree fails (as LightGBM did on Reuters-90 with an OverflowException)
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 200, validation: 30, test: 30);
        var log = new List<string>();
        var pipeline = new TrainingPipeline(log.Add) { BeforeCandidate = kind => { if (kind != TrainerKind.SdcaLogisticRegression) { throw new OverflowException("Arithmetic operation resulted in an overflow."); } } };

        // When the trainer is chosen by cross-validation
        var result = pipeline.Run(Options(data, Path.Combine(temp.Path, "m"), trainer: null));

        // Then the failures are skipped candidates with their reason, and training completes with the one that worked
        Assert.True(result.Replaced);
        Assert.Equal("SdcaLogisticRegression", result.Card.Trainer);
        Assert.Contains(result.Card.Candidates, c => c.Trainer == "FastTree" && c.Failure!.Contains("OverflowException"));
        Assert.Contains(log, l => l.Contains("failed and is skipped"));
    }

    [Fact]
    public void Should_CompareOnlyLinearTrainers_When_ThereAreManyLabels()
    {
        Assert.Equal(5, TrainingPipeline.DefaultCandidates(4).Count);
        Assert.DoesNotContain(TrainerKind.FastTree, TrainingPipeline.DefaultCandidates(90));
        Assert.DoesNotContain(TrainerKind.LightGbm, TrainingPipeline.DefaultCandidates(90));
    }

    [Fact]
    public void Should_GiveTheSameMetrics_ForTheSameDataAndSeed()
    {
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 200, validation: 40, test: 40);

        var first = Train(Options(data, Path.Combine(temp.Path, "a"), TrainerKind.SdcaLogisticRegression));
        var second = Train(Options(data, Path.Combine(temp.Path, "b"), TrainerKind.SdcaLogisticRegression));

        Assert.Equal(first.Card.Thresholds, second.Card.Thresholds);
        Assert.Equal(first.Card.Metrics["test"], second.Card.Metrics["test"]);
    }

    [Fact]
    public void Should_KeepABetterExistingModel_Unless_Forced()
    {
        using var temp = TestPaths.Temp();
        var good = TestPaths.CorpusSample(temp, train: 300, validation: 60, test: 60);
        var output = Path.Combine(temp.Path, "model");
        Train(Options(good, output));
        var before = File.ReadAllText(Path.Combine(output, ModelCard.FileName));

        // The same test rows, but only every eighth training story (about 37): a worse model that still sees every label.
        var weakPath = Path.Combine(temp.Path, "weak.jsonl");
        var lines = File.ReadAllLines(good);
        File.WriteAllLines(weakPath, lines.Where(l => !l.Contains("\"split\": \"train\"")).Concat(lines.Where(l => l.Contains("\"split\": \"train\"")).Where((_, i) => i % 8 == 0)));

        var kept = Train(Options(weakPath, output) with { MinExamples = 1 });
        Assert.False(kept.Replaced);
        Assert.Contains("Force", kept.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(output, ModelCard.FileName)));

        // Issue #11: the same labels in alphabetical order (what a retrain without a label list used to give) are the
        // same task; the guard compares by label name and still keeps the better model.
        var reordered = Train(Options(weakPath, output) with { MinExamples = 1, Labels = ["diplomacy", "energy", "law", "safety"] });
        Assert.False(reordered.Replaced);
        Assert.Equal(before, File.ReadAllText(Path.Combine(output, ModelCard.FileName)));

        var forced = Train(Options(weakPath, output) with { MinExamples = 1, Force = true });
        Assert.True(forced.Replaced);
    }

    [Fact]
    public void Should_RefuseUnknownLabels_NamingRowsAndFix()
    {
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 30, validation: 0, test: 0);
        File.AppendAllText(data, "{\"id\":\"odd\",\"title\":\"x\",\"text\":\"y\",\"topics\":[\"sport\"],\"split\":\"train\"}\n");

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m"))));

        Assert.Contains("'sport'", ex.Message);
        Assert.Contains("row 31", ex.Message);
        Assert.Contains("label set", ex.Message);
        Assert.DoesNotContain("--", ex.Message); // issue #11: a library message never names a CLI flag
    }

    [Fact]
    public void Should_RefuseFewerThanTenRows()
    {
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 9, validation: 0, test: 0);

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m"))));

        Assert.Contains("only 9", ex.Message);
    }

    [Fact]
    public void Should_RefuseALabelOnEveryRow()
    {
        using var temp = TestPaths.Temp();
        var rows = Enumerable.Range(0, 12).Select(i => $"{{\"id\":\"{i}\",\"text\":\"story {i}\",\"topics\":[\"energy\"]}}");
        var data = temp.File("one.jsonl", string.Join("\n", rows));

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m")) with { Labels = null }));

        Assert.Contains("'energy' is on every", ex.Message);
    }

    [Fact]
    public void Should_RefuseLabelsWithTooFewExamples()
    {
        using var temp = TestPaths.Temp();
        var rows = Enumerable.Range(0, 20).Select(i => $"{{\"id\":\"{i}\",\"text\":\"story {i}\",\"topics\":[{(i < 2 ? "\"law\"" : i < 12 ? "\"energy\"" : "")}]}}");
        var data = temp.File("few.jsonl", string.Join("\n", rows));

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m")) with { Labels = null, MinExamples = 3 }));

        Assert.Contains("'law' (2)", ex.Message);
        Assert.Contains("minimum number of examples", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
    }

    [Fact]
    public void Should_RefuseRowsWithoutText()
    {
        using var temp = TestPaths.Temp();
        var rows = Enumerable.Range(0, 12).Select(i => i == 5 ? "{\"id\":\"5\",\"topics\":[\"law\"]}" : $"{{\"id\":\"{i}\",\"text\":\"story {i}\",\"topics\":[\"law\"]}}");
        var data = temp.File("notext.jsonl", string.Join("\n", rows));

        var ex = Assert.Throws<DatasetException>(() => Train(Options(data, Path.Combine(temp.Path, "m"))));

        Assert.Equal([6], ex.Rows);
    }
}
