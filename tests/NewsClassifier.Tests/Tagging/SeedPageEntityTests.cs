using System.Text.Json;
using NewsClassifier.Training.Entities;
using Xunit.Abstractions;

namespace NewsClassifier.Tests.Tagging;

/// <summary>
/// Issue 14: the shipped model's entities on the two real scraped pages in ../shared/seed-pages, whose names were
/// annotated for the project by the guide (names only, in TestData/seed-page-entities.jsonl; the pages are never
/// copied). Exact span and type, as the hidden real-news evaluation scores them. Skipped (not passed) where ../shared is absent.
/// </summary>
[Collection(ShippedModelCollection.Name)]
public class SeedPageEntityTests(ShippedModelFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Should_FindTheNamesOfTheRealSeedPageStories_Issue14()
    {
        var shared = TestPaths.Shared();
        Skip.If(shared is null, "../shared/seed-pages is not on this machine");
        var metrics = new EntityMetrics();
        foreach (var line in File.ReadLines(TestPaths.TestData("seed-page-entities.jsonl")))
        {
            var label = JsonDocument.Parse(line).RootElement;
            var page = label.GetProperty("page").GetString()!;
            var index = label.GetProperty("index").GetInt32();
            var story = NewsIntake.SplitPage(File.ReadAllText(Path.Combine(shared!, "seed-pages", page)))[index - 1];
            Assert.StartsWith(label.GetProperty("title_start").GetString()!, story.Title, StringComparison.Ordinal);

            var result = fixture.Tagger.Tag(new NewsArticle($"{page}#{index}", story.Text, story.Title));
            var entities = label.GetProperty("entities").EnumerateArray()
                .Select(e => new AnnotatedEntity(e.GetProperty("text").GetString()!, Enum.Parse<EntityType>(e.GetProperty("type").GetString()!, ignoreCase: true),
                    e.GetProperty("country").ValueKind == JsonValueKind.String ? e.GetProperty("country").GetString() : null))
                .ToList();
            metrics.Add(EntityModelBuilder.GoldOf(result.Title ?? "", result.Text ?? story.Text, entities), result.Entities);
        }
        output.WriteLine($"seed pages: {metrics.Stories} stories, {metrics.GoldMentions} mentions: F1 {metrics.F1:0.000}, precision {metrics.Precision:0.000}, "
            + $"recall {metrics.Recall:0.000} (person {metrics.RecallOf(EntityType.Person):0.000}, organisation {metrics.RecallOf(EntityType.Organization):0.000}, "
            + $"location {metrics.RecallOf(EntityType.Location):0.000}, country {metrics.RecallOf(EntityType.Country):0.000}), links {metrics.LinkAccuracy:0.000}");

        Assert.Equal(11, metrics.Stories);
        Assert.True(metrics.F1 >= 0.80, $"entity F1 {metrics.F1:0.000} on the seed pages");
        Assert.True(metrics.LinkAccuracy >= 0.90, $"entity links {metrics.LinkAccuracy:0.000} on the seed pages");
    }
}
