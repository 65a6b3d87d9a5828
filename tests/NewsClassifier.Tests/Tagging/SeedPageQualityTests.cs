using System.Text.Json;
using Xunit.Abstractions;

namespace NewsClassifier.Tests.Tagging;

/// <summary>
/// The shipped model on the two real scraped pages in ../shared/seed-pages, labelled for the project by the annotation
/// guide (labels in TestData/seed-page-labels.jsonl; the pages themselves are never copied). Skips where ../shared is absent.
/// </summary>
[Collection(ShippedModelCollection.Name)]
public class SeedPageQualityTests(ShippedModelFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Should_TagTheRealSeedPageStoriesWell()
    {
        var shared = TestPaths.Shared();
        Skip.If(shared is null, "../shared/seed-pages is not on this machine");
        var labels = File.ReadLines(TestPaths.TestData("seed-page-labels.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        int exact = 0, primary = 0, tp = 0, fp = 0, fn = 0;
        foreach (var label in labels)
        {
            var page = label.GetProperty("page").GetString()!;
            var index = label.GetProperty("index").GetInt32();
            var story = NewsIntake.SplitPage(File.ReadAllText(Path.Combine(shared!, "seed-pages", page)))[index - 1];
            var result = fixture.Tagger.Tag(new NewsArticle($"{page}#{index}", story.Text, story.Title));
            var truth = label.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToHashSet();
            var predicted = result.Topics.Select(t => t.Label).ToHashSet();
            exact += truth.SetEquals(predicted) ? 1 : 0;
            primary += result.PrimaryCountry == label.GetProperty("primary").GetString() ? 1 : 0;
            tp += predicted.Count(truth.Contains);
            fp += predicted.Count(p => !truth.Contains(p));
            fn += truth.Count(t => !predicted.Contains(t));
            output.WriteLine($"{page}#{index}: truth [{string.Join(",", truth)}] predicted [{string.Join(",", predicted)}] primary {result.PrimaryCountry}");
        }
        var microF1 = 2.0 * tp / (2.0 * tp + fp + fn);
        output.WriteLine($"topic exact match {exact}/11, topic micro-F1 {microF1:0.000}, primary {primary}/11");

        Assert.Equal(11, labels.Count);
        Assert.True(microF1 >= 0.70, $"topic micro-F1 {microF1:0.000} on the seed pages");
        Assert.True(primary >= 9, $"primary country right for {primary}/11 seed-page stories");
    }
}
