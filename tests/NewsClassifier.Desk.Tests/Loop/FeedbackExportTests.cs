using System.Text.Json;
using NewsClassifier.Desk.Tests.Store;

namespace NewsClassifier.Desk.Tests.Loop;

/// <summary>Issue 13: reviewed stories leave the store as training rows with the editors' labels.</summary>
public sealed class FeedbackExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("newsclf-export-").FullName;

    [Fact]
    public async Task Should_WriteEachReviewedStoryOnceWithEditorsLabels_When_Exported()
    {
        // Given three stories: one reviewed twice, one reviewed once, one never reviewed
        await using var store = await FeedbackStore.OpenAsync(Path.Combine(_folder, "s.db"));
        foreach (var id in new[] { "a", "b", "waiting" })
        {
            await store.SaveStoryAsync(StoreTestData.Story(id), StoreTestData.SuggestionFor(id, 0.9f));
        }
        await store.SaveDecisionAsync(StoreTestData.Decision("a", topics: ["energy"]));
        await store.SaveDecisionAsync(StoreTestData.Decision("a", editor: "second", topics: ["law"]));
        await store.SaveDecisionAsync(StoreTestData.Decision("b", topics: []));

        // When they are exported
        var path = Path.Combine(_folder, "corrections.jsonl");
        var summary = await FeedbackExporter.ExportAsync(store, path);

        // Then there is one line per reviewed story, with the latest editor's labels (not the model's)
        var rows = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, summary.Stories);
        Assert.Equal(["a", "b"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["law", "safety"], rows[0].GetProperty("topics").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("second", rows[0].GetProperty("editor").GetString());
        Assert.Equal(["safety"], rows[1].GetProperty("topics").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["KZ", "RU"], rows[1].GetProperty("countries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("KZ", rows[1].GetProperty("primary").GetString());
        Assert.All(rows, r => Assert.Contains(r.GetProperty("split").GetString(), new[] { "train", "test" }));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Should_PutTheSameStoryInTheSameSplit_When_ExportedAgain()
    {
        // Given / When 2,000 ids split with a 0.2 test share
        var ids = Enumerable.Range(0, 2000).Select(i => $"story-{i}").ToList();
        var first = ids.Where(id => FeedbackExporter.InTest(id, 0.2)).ToList();
        var again = ids.Where(id => FeedbackExporter.InTest(id, 0.2)).ToList();

        // Then the choice is stable and near the share
        Assert.Equal(first, again);
        Assert.InRange(first.Count, 340, 460);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
