using static NewsClassifier.Desk.Tests.Store.StoreTestData;

namespace NewsClassifier.Desk.Tests.Store;

/// <summary>What every feedback store must do; run once per backend by the subclasses below.</summary>
public abstract class FeedbackStoreContract
{
    /// <summary>A store spec (path or connection string) for a new, empty store; skips the test when the backend is unavailable.</summary>
    protected abstract string NewStoreSpec();

    private async Task<IFeedbackStore> OpenAsync(string? spec = null) => await FeedbackStore.OpenAsync(spec ?? NewStoreSpec());

    [SkippableFact]
    public async Task Should_ApplyEveryMigrationOnce_When_OpenedTwice()
    {
        // Given a new store
        var spec = NewStoreSpec();
        await using (var first = await OpenAsync(spec))
        {
            Assert.Equal(2, await first.SchemaVersionAsync());
        }

        // When it is opened again
        await using var second = await OpenAsync(spec);

        // Then the migrations are not applied twice and the data path works
        Assert.Equal(2, await second.SchemaVersionAsync());
        await second.SaveStoryAsync(Story("s1"), SuggestionFor("s1", 0.8f));
        Assert.NotNull(await second.GetStoryAsync("s1"));
    }

    [SkippableFact]
    public async Task Should_RoundTripEveryField_When_StorySuggestionAndDecisionAreSaved()
    {
        // Given a store with a story and its suggestion
        await using var store = await OpenAsync();
        var suggestionId = await store.SaveStoryAsync(Story("s1"), SuggestionFor("s1", 0.7f, law: 0.4f));

        // When an editor decides
        var saved = Decision("s1", suggestionId: suggestionId);
        var id = await store.SaveDecisionAsync(saved);

        // Then every field comes back as written
        var story = await store.GetStoryAsync("s1");
        Assert.Equal(Story("s1") with { NeedsReview = false }, story);
        var suggestion = await store.LatestSuggestionAsync("s1");
        Assert.NotNull(suggestion);
        Assert.Equal(suggestionId, suggestion.Id);
        Assert.Equal(0.7f, suggestion.TopicScores["energy"]);
        Assert.Equal(["energy"], suggestion.Topics);
        Assert.Equal("KZ", suggestion.PrimaryCountry);
        var back = Assert.Single(await store.DecisionsAsync("s1"));
        Assert.Equal(id, back.Id);
        Assert.Equal("aigerim", back.Editor);
        Assert.Equal(saved.DecidedUtc, back.DecidedUtc);
        Assert.Equal("v1", back.ModelVersion);
        Assert.Equal(suggestionId, back.SuggestionId);
        Assert.Equal(0.4f, back.ScoresSeen["law"]);
        Assert.Equal(["law"], back.RejectedTopics);
        Assert.Equal(["energy", "safety"], back.FinalTopics);
        Assert.Equal(["KZ", "RU"], back.FinalCountries);
        Assert.Equal(new EntityMark(33, 39, "Atyrau", "LOCATION", "KZ"), Assert.Single(back.WrongEntities));
    }

    [SkippableFact]
    public async Task Should_ListLeastCertainFirstAndDropDecided_When_QueueIsRead()
    {
        // Given three queued stories whose energy scores are 0.95, 0.52 and 0.30 (threshold 0.5)
        await using var store = await OpenAsync();
        await store.SaveStoryAsync(Story("sure"), SuggestionFor("sure", 0.95f, law: 0.01f));
        await store.SaveStoryAsync(Story("close"), SuggestionFor("close", 0.52f, law: 0.01f));
        await store.SaveStoryAsync(Story("middle"), SuggestionFor("middle", 0.30f, law: 0.01f));

        // When the queue is read, and again after "close" is decided
        var before = await store.QueueAsync(new QueueFilter());
        await store.SaveDecisionAsync(Decision("close"));
        var after = await store.QueueAsync(new QueueFilter());

        // Then the story nearest a threshold comes first, and a decided story leaves the queue
        Assert.Equal(["close", "middle", "sure"], before.Select(i => i.Story.Id));
        Assert.Equal(["middle", "sure"], after.Select(i => i.Story.Id));
    }

    [SkippableFact]
    public async Task Should_FilterQueue_When_TopicCountryDayOrModelIsGiven()
    {
        // Given stories differing in topic, country, day and model version
        await using var store = await OpenAsync();
        await store.SaveStoryAsync(Story("energy-kz"), SuggestionFor("energy-kz", 0.9f, countries: ["KZ"]));
        await store.SaveStoryAsync(Story("law-uz", new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero)), SuggestionFor("law-uz", 0.1f, law: 0.8f, model: "v2", countries: ["UZ"]));

        // When / Then each filter keeps only its stories
        Assert.Equal(["energy-kz"], (await store.QueueAsync(new QueueFilter { Topic = "energy" })).Select(i => i.Story.Id));
        Assert.Equal(["law-uz"], (await store.QueueAsync(new QueueFilter { Country = "uz" })).Select(i => i.Story.Id));
        Assert.Equal(["law-uz"], (await store.QueueAsync(new QueueFilter { Day = new DateOnly(2026, 12, 2) })).Select(i => i.Story.Id));
        Assert.Equal(["energy-kz"], (await store.QueueAsync(new QueueFilter { ModelVersion = "v1" })).Select(i => i.Story.Id));
        Assert.Empty(await store.QueueAsync(new QueueFilter { Topic = "energy", Country = "UZ" }));
    }

    [SkippableFact]
    public async Task Should_TreatFilterAsData_When_ItHoldsSqlOrWildcards()
    {
        // Given a queued story
        await using var store = await OpenAsync();
        await store.SaveStoryAsync(Story("s1"), SuggestionFor("s1", 0.9f));

        // When the filters carry SQL and LIKE wildcards
        var injected = await store.QueueAsync(new QueueFilter { Topic = "x' OR '1'='1", ModelVersion = "v1'; DROP TABLE stories; --" });
        var wildcard = await store.QueueAsync(new QueueFilter { Topic = "%" });
        var underscore = await store.QueueAsync(new QueueFilter { Topic = "energ_" });

        // Then nothing matches and the table is still there
        Assert.Empty(injected);
        Assert.Empty(wildcard);
        Assert.Empty(underscore);
        Assert.NotNull(await store.GetStoryAsync("s1"));
    }

    [SkippableFact]
    public async Task Should_ReturnLatestDecisionOncePerStory_When_StoryWasReviewedTwice()
    {
        // Given one story decided twice and one never decided
        await using var store = await OpenAsync();
        await store.SaveStoryAsync(Story("twice"), SuggestionFor("twice", 0.9f));
        await store.SaveStoryAsync(Story("never"), SuggestionFor("never", 0.9f));
        await store.SaveDecisionAsync(Decision("twice", editor: "first", topics: ["energy"]));
        await store.SaveDecisionAsync(Decision("twice", editor: "second", topics: ["law"]));

        // When the reviewed stories are read
        var reviewed = new List<ReviewedStory>();
        await foreach (var r in store.ReviewedAsync())
        {
            reviewed.Add(r);
        }

        // Then the story appears once, with the second editor's labels; the undecided story is left out
        var only = Assert.Single(reviewed);
        Assert.Equal("twice", only.Story.Id);
        Assert.Equal("second", only.Decision.Editor);
        Assert.Equal(["law", "safety"], only.Decision.FinalTopics);
        Assert.Equal(2, await store.DecisionCountAsync());
    }

    [SkippableFact]
    public async Task Should_RefuseAndKeepNothing_When_DecisionNamesUnknownStory()
    {
        // Given an empty store
        await using var store = await OpenAsync();

        // When a decision names a story that is not there
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.SaveDecisionAsync(Decision("ghost")));

        // Then it is refused with the fix, and no decision is kept
        Assert.Contains("ghost", ex.Message);
        Assert.Equal(0, await store.DecisionCountAsync());
    }

    [SkippableFact]
    public async Task Should_AddUp_When_DailyCountsAreAddedTwice()
    {
        // Given counts for two days
        await using var store = await OpenAsync();
        var day = new DateOnly(2026, 12, 1);
        await store.AddCountsAsync([new DailyCount(day, "topic", "energy", 2), new DailyCount(day, "none", "", 1)]);

        // When the same keys are counted again, plus another day
        await store.AddCountsAsync([new DailyCount(day, "topic", "energy", 3), new DailyCount(day.AddDays(1), "topic", "law", 1)]);

        // Then the counts add up, and the range filter works
        var counts = await store.CountsAsync(day, day);
        Assert.Equal(5, counts.Single(c => c.Kind == "topic" && c.Key == "energy").Count);
        Assert.Equal(1, counts.Single(c => c.Kind == "none").Count);
        Assert.DoesNotContain(counts, c => c.Key == "law");
    }

    [SkippableFact]
    public async Task Should_KeepEveryDecision_When_ManyAreSavedAtOnce()
    {
        // Given twenty stories
        await using var store = await OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            await store.SaveStoryAsync(Story($"s{i}"), SuggestionFor($"s{i}", 0.6f));
        }

        // When 100 decisions are saved from parallel tasks
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => store.SaveDecisionAsync(Decision($"s{i % 20}", editor: $"e{i}")))));

        // Then every one is kept, with its own id
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(100, await store.DecisionCountAsync());
    }
}

/// <summary>The contract against SQLite files in a temporary folder.</summary>
public sealed class SqliteStoreTests : FeedbackStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("newsclf-store-").FullName;

    protected override string NewStoreSpec() => Path.Combine(_folder, $"{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Should_UseWalMode_When_SqliteStoreIsOpened()
    {
        // Given / When a new SQLite store
        var path = NewStoreSpec();
        await using (var store = await FeedbackStore.OpenAsync(path))
        {
            await store.SaveStoryAsync(StoreTestData.Story("s1"), StoreTestData.SuggestionFor("s1", 0.9f));
        }

        // Then the file is in write-ahead-log mode
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The contract against a throwaway PostgreSQL cluster; skipped when PostgreSQL is not installed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : FeedbackStoreContract
{
    protected override string NewStoreSpec()
    {
        Skip.IfNot(cluster.Available, cluster.Why);
        return cluster.NewDatabase();
    }
}
