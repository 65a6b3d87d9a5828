namespace NewsClassifier.Desk.Tests.Store;

/// <summary>Small stories and suggestions written for these tests.</summary>
internal static class StoreTestData
{
    public static readonly Dictionary<string, float> Thresholds = new() { ["energy"] = 0.5f, ["safety"] = 0.5f, ["law"] = 0.5f, ["diplomacy"] = 0.5f };

    public static StoredStory Story(string id, DateTimeOffset? received = null) => new(
        id, $"Headline {id}", $"Body of story {id}: a pipeline inspection in Atyrau was moved to spring.", "api", received ?? new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public static Suggestion SuggestionFor(string storyId, float energy, float law = 0.1f, string model = "v1", string[]? countries = null) => new(
        0, storyId, model, new DateTimeOffset(2026, 12, 1, 9, 0, 1, TimeSpan.Zero),
        new Dictionary<string, float> { ["energy"] = energy, ["safety"] = 0.05f, ["law"] = law, ["diplomacy"] = 0.02f },
        Thresholds,
        new[] { ("energy", energy), ("law", law) }.Where(x => x.Item2 >= 0.5f).Select(x => x.Item1).ToList(),
        countries ?? ["KZ"],
        (countries ?? ["KZ"]).FirstOrDefault(),
        "{\"id\":\"" + storyId + "\"}");

    public static EditorDecision Decision(string storyId, string editor = "aigerim", string[]? topics = null, long? suggestionId = null) => new()
    {
        StoryId = storyId,
        SuggestionId = suggestionId,
        Editor = editor,
        DecidedUtc = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        ModelVersion = "v1",
        ScoresSeen = new Dictionary<string, float> { ["energy"] = 0.7f, ["law"] = 0.4f },
        AcceptedTopics = topics ?? ["energy"],
        RejectedTopics = ["law"],
        AddedTopics = ["safety"],
        AcceptedCountries = ["KZ"],
        AddedCountries = ["RU"],
        PrimaryCountry = "KZ",
        WrongEntities = [new EntityMark(33, 39, "Atyrau", "LOCATION", "KZ")],
    };
}
