namespace NewsClassifier.Desk;

/// <summary>A story kept for review, as it arrived.</summary>
/// <param name="Source">"api" (sent to the service with "review": true) or "desk" (pasted on the page).</param>
/// <param name="NeedsReview">True while it waits in the review queue.</param>
public sealed record StoredStory(string Id, string Title, string Text, string Source, DateTimeOffset ReceivedUtc, bool NeedsReview = true);

/// <summary>What the model suggested for a story when it arrived: the scores, thresholds and tags it assigned.</summary>
/// <param name="Id">Set by the store; 0 before saving.</param>
/// <param name="ResultJson">The full tag result as the API returns it (entities, spans, explanation), for the page.</param>
public sealed record Suggestion(
    long Id,
    string StoryId,
    string ModelVersion,
    DateTimeOffset CreatedUtc,
    IReadOnlyDictionary<string, float> TopicScores,
    IReadOnlyDictionary<string, float> Thresholds,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    string? PrimaryCountry,
    string ResultJson)
{
    /// <summary>The smallest |score - threshold| over the topics (1 when there are none).</summary>
    public double Uncertainty => TopicScores.Count == 0
        ? 1
        : TopicScores.Min(kv => Math.Abs(kv.Value - Thresholds.GetValueOrDefault(kv.Key, 0.5f)));
}

/// <summary>An entity the editor marked as wrongly spotted or wrongly linked.</summary>
public sealed record EntityMark(int Start, int End, string Text, string Type, string? Country);

/// <summary>One editor's verdict on one story: who, when, against which model and scores, and what they kept.</summary>
public sealed record EditorDecision
{
    /// <summary>Set by the store; 0 before saving.</summary>
    public long Id { get; init; }

    /// <summary>The story decided on.</summary>
    public required string StoryId { get; init; }

    /// <summary>The suggestion the editor saw, when there was one.</summary>
    public long? SuggestionId { get; init; }

    /// <summary>The editor's name (the name of their key).</summary>
    public required string Editor { get; init; }

    /// <summary>When the decision was saved (UTC).</summary>
    public required DateTimeOffset DecidedUtc { get; init; }

    /// <summary>The model version whose suggestions the editor saw.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The topic scores shown to the editor.</summary>
    public IReadOnlyDictionary<string, float> ScoresSeen { get; init; } = new Dictionary<string, float>();

    /// <summary>Suggested topics the editor kept.</summary>
    public IReadOnlyList<string> AcceptedTopics { get; init; } = [];

    /// <summary>Suggested topics the editor removed.</summary>
    public IReadOnlyList<string> RejectedTopics { get; init; } = [];

    /// <summary>Topics the model did not assign and the editor added.</summary>
    public IReadOnlyList<string> AddedTopics { get; init; } = [];

    /// <summary>Suggested countries the editor kept.</summary>
    public IReadOnlyList<string> AcceptedCountries { get; init; } = [];

    /// <summary>Suggested countries the editor removed.</summary>
    public IReadOnlyList<string> RejectedCountries { get; init; } = [];

    /// <summary>Countries the editor added.</summary>
    public IReadOnlyList<string> AddedCountries { get; init; } = [];

    /// <summary>The primary country the editor chose (null: none).</summary>
    public string? PrimaryCountry { get; init; }

    /// <summary>Entities the editor marked as wrong.</summary>
    public IReadOnlyList<EntityMark> WrongEntities { get; init; } = [];

    /// <summary>The story's topics according to the editor.</summary>
    public IReadOnlyList<string> FinalTopics => AcceptedTopics.Concat(AddedTopics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The story's countries according to the editor.</summary>
    public IReadOnlyList<string> FinalCountries => AcceptedCountries.Concat(AddedCountries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>Which queued stories to list.</summary>
public sealed record QueueFilter
{
    /// <summary>Only stories the model suggested this topic for.</summary>
    public string? Topic { get; init; }

    /// <summary>Only stories the model suggested this country (ISO code) for.</summary>
    public string? Country { get; init; }

    /// <summary>Only stories received on this UTC day.</summary>
    public DateOnly? Day { get; init; }

    /// <summary>Only stories suggested by this model version.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>At most this many stories (1..500).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Checks the filter; the message names the offending value.</summary>
    public QueueFilter Validate()
    {
        if (Limit is < 1 or > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"limit must be between 1 and 500, not {Limit}.");
        }
        foreach (var (name, value) in new[] { ("topic", Topic), ("country", Country), ("model", ModelVersion) })
        {
            if (value is { Length: > 200 })
            {
                throw new ArgumentException($"{name} is longer than 200 characters.", name);
            }
        }
        return this;
    }
}

/// <summary>A story waiting for review, with the suggestion it is ranked by.</summary>
public sealed record QueueItem(StoredStory Story, Suggestion Suggestion);

/// <summary>A reviewed story with the editor's latest decision: one row of the corrections file.</summary>
public sealed record ReviewedStory(StoredStory Story, EditorDecision Decision);

/// <summary>How many times something was seen on one UTC day (drift counts).</summary>
/// <param name="Kind">"stories", "topic", "none", "country" or "score" (a tenth-wide bin of a topic's probability, key "energy:0.3").</param>
public sealed record DailyCount(DateOnly Day, string Kind, string Key, long Count);
