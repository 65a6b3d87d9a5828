namespace NewsClassifier.Desk;

/// <summary>
/// Where stories, the model's suggestions and the editors' decisions are kept. Every method is safe to call from
/// many threads; every write is one transaction, so an acknowledged write survives a crash.
/// </summary>
public interface IFeedbackStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql".</summary>
    string Backend { get; }

    /// <summary>The schema version the database is at (migrations run when the store opens).</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves a story (replacing an earlier copy with the same id) and the model's suggestion for it; returns the suggestion's id.</summary>
    Task<long> SaveStoryAsync(StoredStory story, Suggestion suggestion, CancellationToken cancellationToken = default);

    /// <summary>The story with this id, or null.</summary>
    Task<StoredStory?> GetStoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The newest suggestion for a story, or null.</summary>
    Task<Suggestion?> LatestSuggestionAsync(string storyId, CancellationToken cancellationToken = default);

    /// <summary>Saves a decision and takes the story out of the queue, in one transaction; returns the decision's id.</summary>
    Task<long> SaveDecisionAsync(EditorDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Every decision on a story, oldest first.</summary>
    Task<IReadOnlyList<EditorDecision>> DecisionsAsync(string storyId, CancellationToken cancellationToken = default);

    /// <summary>How many decisions the store holds.</summary>
    Task<long> DecisionCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Stories waiting for review, least certain first.</summary>
    Task<IReadOnlyList<QueueItem>> QueueAsync(QueueFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Every reviewed story with its latest decision, one per story id, in story id order.</summary>
    IAsyncEnumerable<ReviewedStory> ReviewedAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds to the per-day drift counts.</summary>
    Task AddCountsAsync(IEnumerable<DailyCount> counts, CancellationToken cancellationToken = default);

    /// <summary>The drift counts of the days in [from, to].</summary>
    Task<IReadOnlyList<DailyCount>> CountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);
}
