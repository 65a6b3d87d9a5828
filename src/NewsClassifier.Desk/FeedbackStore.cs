using NewsClassifier.Desk.Internal.Store;

namespace NewsClassifier.Desk;

/// <summary>Opens the feedback store named by <c>--store</c>: a file path means SQLite, a connection string ("Host=...") PostgreSQL.</summary>
public static class FeedbackStore
{
    /// <summary>The SQLite file used when no store is named: newsclf.db in the working folder.</summary>
    public const string DefaultPath = "newsclf.db";

    /// <summary>True when <paramref name="spec"/> is a PostgreSQL connection string rather than a file path.</summary>
    public static bool IsPostgres(string spec) =>
        spec.Contains('=', StringComparison.Ordinal) && spec.Contains("Host", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the store and brings its schema up to date; throws <see cref="StoreException"/> when it cannot.</summary>
    public static async Task<IFeedbackStore> OpenAsync(string? spec, CancellationToken cancellationToken = default)
    {
        spec = string.IsNullOrWhiteSpace(spec) ? DefaultPath : spec.Trim();
        SqlFeedbackStore store = IsPostgres(spec) ? new PostgresFeedbackStore(spec) : new SqliteFeedbackStore(spec);
        try
        {
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            await store.DisposeAsync();
            throw StoreException.CannotOpen(store.Describe(), ex);
        }
    }
}

/// <summary>The feedback store cannot be opened or used; the message says what to do.</summary>
public sealed class StoreException : Exception
{
    private StoreException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The store could not be opened or migrated.</summary>
    public static StoreException CannotOpen(string what, Exception inner) => new(
        $"Cannot open the feedback store {what}: {inner.Message} Check the path is writable, or that the PostgreSQL server is up and the connection string (--store) is right.", inner);

    /// <summary>A decision names a story the store does not hold.</summary>
    public static StoreException UnknownStory(string id) => new(
        $"No story with id '{id}' in the feedback store. Save the story (paste it on the page or send it with \"review\": true) before deciding on it.");

    /// <summary>The database was written by a newer release.</summary>
    public static StoreException TooNew(int found, int known) => new(
        $"The feedback store is at schema version {found}; this release knows up to {known}. Use the release that wrote it or a newer one.");
}
