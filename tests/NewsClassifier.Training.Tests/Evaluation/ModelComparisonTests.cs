using NewsClassifier.Training.Data;
using NewsClassifier.Training.Evaluation;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Evaluation;

/// <summary>Issue 13: comparing two models on the same stories, and training on several weighted files.</summary>
public sealed class ModelComparisonTests
{
    private static readonly string[] Topics = ["energy", "safety", "law", "diplomacy"];

    private static string Train(TempFolder temp, string name, string data, IReadOnlyList<WeightedDataFile>? more = null, int weight = 1)
    {
        var output = Path.Combine(temp.Path, name);
        new TrainingPipeline(_ => { }).Run(new TrainingOptions
        {
            DataPath = data,
            DataWeight = weight,
            MoreData = more ?? [],
            OutputFolder = output,
            Labels = Topics,
            Trainer = TrainerKind.LinearSvm,
            Seed = 7,
            MinExamples = 1,
        });
        return output;
    }

    private static List<LabeledStory> TestRows(string data) => DatasetReader.Read(data, new DatasetSchema()).Where(r => r.Split == Splits.Test).ToList();

    [Fact]
    public void Should_FindNoDifference_When_AModelIsComparedWithItself()
    {
        // Given one small model
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 200, validation: 40, test: 80);
        var model = NewsTagger.Load(Train(temp, "a", data));

        // When it is compared with itself
        var report = ModelComparison.Compare(model, model, TestRows(data), samples: 200);

        // Then every difference is exactly zero, nothing changed, and the verdict is "same"
        Assert.Equal(80, report.Stories);
        Assert.All(report.Topics, t => Assert.Equal((0.0, 0.0, 0.0), (t.Difference.Value, t.Difference.Low, t.Difference.High)));
        Assert.Empty(report.Changed);
        Assert.False(report.BIsWorse);
        Assert.False(report.BIsBetter);
        Assert.True(report.Macro.F1A.Low <= report.Macro.F1A.Value && report.Macro.F1A.Value <= report.Macro.F1A.High);
    }

    [Fact]
    public void Should_CallBWorse_When_BLearnedFromFarFewerStories()
    {
        // Given A trained on 400 stories and B on 25 of them (every 16th, so every topic has a few)
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 400, validation: 60, test: 150);
        var small = Path.Combine(temp.Path, "small.jsonl");
        File.WriteAllLines(small, File.ReadLines(data).Take(400).Where((_, i) => i % 16 == 0));
        var a = NewsTagger.Load(Train(temp, "a", data));
        var b = NewsTagger.Load(Train(temp, "b", small));

        // When B is compared with A on the test split
        var report = ModelComparison.Compare(a, b, TestRows(data), samples: 500);

        // Then B is significantly worse in macro-F1, and the changed stories are listed
        Assert.True(report.BIsWorse, $"macro difference {report.Macro.Difference}");
        Assert.True(report.Macro.PValue < 0.05);
        Assert.NotEmpty(report.Changed);
        Assert.Contains(report.Changed, c => !c.TopicsA.SequenceEqual(c.TopicsB) || c.PrimaryA != c.PrimaryB);
    }

    [Fact]
    public void Should_ReplaceEarlierRowsAndRepeatWeightedOnes_When_SeveralFilesAreGiven()
    {
        // Given a corpus sample and a corrections file that relabels one of its stories and adds two new ones
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 60, validation: 20, test: 20);
        var firstId = System.Text.Json.JsonDocument.Parse(File.ReadLines(data).First()).RootElement.GetProperty("id").GetString();
        var corrections = temp.File("corrections.jsonl", string.Join("\n",
            $$"""{"id":"{{firstId}}","title":"Relabelled by an editor","text":"The regulator fined the grid operator after the blackout in Bishkek.","topics":["law","energy"],"split":"train"}""",
            """{"id":"desk-1","title":"Court hears pipeline tender case","text":"A court in Astana heard the appeal over the pipeline tender on Monday.","topics":["law"],"split":"train"}""",
            """{"id":"desk-2","title":"Ministers meet on water sharing","text":"Foreign ministers of Kyrgyzstan and Uzbekistan met to discuss water sharing.","topics":["diplomacy"],"split":"train"}"""));

        // When a model is trained on both, the corrections weighted 3
        var folder = Train(temp, "m", data, [new WeightedDataFile(corrections, 3)]);

        // Then the card names both files and counts 59 corpus rows once and 3 corrections three times
        var card = NewsTagger.Load(folder).Card;
        Assert.NotNull(card.TrainingData);
        Assert.EndsWith("corrections.jsonl:3", card.TrainingData.Path);
        Assert.Equal(59 + (3 * 3), card.TrainingData.Rows[Splits.Train]);
    }
}
