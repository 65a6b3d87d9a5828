using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace NewsClassifier.Desk.Internal.Store;

/// <summary>
/// The store's SQL, shared by SQLite and PostgreSQL: both accept the same parameterised statements
/// (named @parameters, ON CONFLICT upserts, RETURNING); the subclasses open connections and name their types.
/// </summary>
internal abstract class SqlFeedbackStore : IFeedbackStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public abstract string Backend { get; }

    /// <summary>Where the store is, without secrets, for messages.</summary>
    public abstract string Describe();

    /// <summary>An open connection with the session settings applied.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The dialect's auto-increment primary key column type.</summary>
    protected abstract string IdentityColumn { get; }

    /// <summary>The dialect's double-precision type.</summary>
    protected abstract string FloatType { get; }

    /// <summary>Serialises migrations of concurrent processes (PostgreSQL: an advisory lock; SQLite: the write lock).</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ValueTask DisposeAsync();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockForMigrationAsync(connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL)", [], cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        if (current > Migrations.Latest)
        {
            throw StoreException.TooNew(current, Migrations.Latest);
        }
        foreach (var (version, statements) in Migrations.Steps.Where(s => s.Version > current))
        {
            foreach (var sql in statements)
            {
                await ExecuteAsync(connection, transaction, sql.Replace("{ID}", IdentityColumn, StringComparison.Ordinal).Replace("{FLOAT}", FloatType, StringComparison.Ordinal), [], cancellationToken);
            }
            await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version, applied_utc) VALUES (@v, @t)", [("v", version), ("t", Stamp(DateTimeOffset.UtcNow))], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await CurrentVersionAsync(connection, null, cancellationToken);
    }

    public async Task<long> SaveStoryAsync(StoredStory story, Suggestion suggestion, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO stories (id, title, body, source, received_utc, needs_review) VALUES (@id, @title, @body, @source, @received, @review)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, source = excluded.source,
                received_utc = excluded.received_utc, needs_review = excluded.needs_review
            """,
            [("id", story.Id), ("title", story.Title), ("body", story.Text), ("source", story.Source), ("received", Stamp(story.ReceivedUtc)), ("review", story.NeedsReview ? 1 : 0)],
            cancellationToken);
        var id = await ScalarAsync(connection, transaction, """
            INSERT INTO suggestions (story_id, model_version, created_utc, topic_scores, thresholds, topics, countries, primary_country, uncertainty, result_json)
            VALUES (@story, @model, @created, @scores, @thresholds, @topics, @countries, @primary, @uncertainty, @result)
            RETURNING id
            """,
            [
                ("story", story.Id), ("model", suggestion.ModelVersion), ("created", Stamp(suggestion.CreatedUtc)),
                ("scores", ToJson(suggestion.TopicScores)), ("thresholds", ToJson(suggestion.Thresholds)),
                ("topics", ListColumn(suggestion.Topics)), ("countries", ListColumn(suggestion.Countries)),
                ("primary", suggestion.PrimaryCountry), ("uncertainty", suggestion.Uncertainty), ("result", suggestion.ResultJson),
            ],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public async Task<StoredStory?> GetStoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {StoryColumns} FROM stories s WHERE s.id = @id", [("id", id)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStory(reader, 0) : null;
    }

    public async Task<Suggestion?> LatestSuggestionAsync(string storyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SuggestionColumns} FROM suggestions g WHERE g.story_id = @id ORDER BY g.id DESC LIMIT 1", [("id", storyId)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSuggestion(reader, 0) : null;
    }

    public async Task<long> SaveDecisionAsync(EditorDecision decision, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await ExecuteAsync(connection, transaction, "UPDATE stories SET needs_review = 0 WHERE id = @id", [("id", decision.StoryId)], cancellationToken);
        if (updated == 0)
        {
            throw StoreException.UnknownStory(decision.StoryId);
        }
        var id = await ScalarAsync(connection, transaction, """
            INSERT INTO decisions (story_id, suggestion_id, editor, decided_utc, model_version, scores_seen, accepted_topics, rejected_topics, added_topics,
                accepted_countries, rejected_countries, added_countries, primary_country, wrong_entities)
            VALUES (@story, @suggestion, @editor, @decided, @model, @scores, @at, @rt, @nt, @ac, @rc, @nc, @primary, @wrong)
            RETURNING id
            """,
            [
                ("story", decision.StoryId), ("suggestion", decision.SuggestionId), ("editor", decision.Editor), ("decided", Stamp(decision.DecidedUtc)),
                ("model", decision.ModelVersion), ("scores", ToJson(decision.ScoresSeen)),
                ("at", ToJson(decision.AcceptedTopics)), ("rt", ToJson(decision.RejectedTopics)), ("nt", ToJson(decision.AddedTopics)),
                ("ac", ToJson(decision.AcceptedCountries)), ("rc", ToJson(decision.RejectedCountries)), ("nc", ToJson(decision.AddedCountries)),
                ("primary", decision.PrimaryCountry), ("wrong", ToJson(decision.WrongEntities)),
            ],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<EditorDecision>> DecisionsAsync(string storyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {DecisionColumns} FROM decisions d WHERE d.story_id = @id ORDER BY d.id", [("id", storyId)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<EditorDecision>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadDecision(reader, 0));
        }
        return list;
    }

    public async Task<long> DecisionCountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Convert.ToInt64(await ScalarAsync(connection, null, "SELECT COUNT(*) FROM decisions", [], cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<QueueItem>> QueueAsync(QueueFilter filter, CancellationToken cancellationToken = default)
    {
        filter.Validate();
        var where = new List<string> { "s.needs_review = 1" };
        var parameters = new List<(string, object?)> { ("limit", filter.Limit) };
        if (filter.Topic is { Length: > 0 } topic)
        {
            where.Add(@"g.topics LIKE @topic ESCAPE '\'");
            parameters.Add(("topic", $"%,{EscapeLike(topic)},%"));
        }
        if (filter.Country is { Length: > 0 } country)
        {
            where.Add(@"g.countries LIKE @country ESCAPE '\'");
            parameters.Add(("country", $"%,{EscapeLike(country.ToUpperInvariant())},%"));
        }
        if (filter.Day is { } day)
        {
            where.Add("substr(s.received_utc, 1, 10) = @day");
            parameters.Add(("day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        if (filter.ModelVersion is { Length: > 0 } model)
        {
            where.Add("g.model_version = @model");
            parameters.Add(("model", model));
        }
        var sql = $"""
            SELECT {StoryColumns}, {SuggestionColumns}
            FROM stories s JOIN suggestions g ON g.id = (SELECT MAX(x.id) FROM suggestions x WHERE x.story_id = s.id)
            WHERE {string.Join(" AND ", where)}
            ORDER BY g.uncertainty, s.received_utc, s.id
            LIMIT @limit
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<QueueItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new QueueItem(ReadStory(reader, 0), ReadSuggestion(reader, StoryColumnCount)));
        }
        return items;
    }

    public async IAsyncEnumerable<ReviewedStory> ReviewedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT {StoryColumns}, {DecisionColumns}
            FROM decisions d JOIN stories s ON s.id = d.story_id
            WHERE d.id = (SELECT MAX(x.id) FROM decisions x WHERE x.story_id = d.story_id)
            ORDER BY s.id
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ReviewedStory(ReadStory(reader, 0), ReadDecision(reader, StoryColumnCount));
        }
    }

    public async Task AddCountsAsync(IEnumerable<DailyCount> counts, CancellationToken cancellationToken = default)
    {
        var list = counts.ToList();
        if (list.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var c in list)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO daily_counts (day, kind, key, count) VALUES (@day, @kind, @key, @count)
                ON CONFLICT (day, kind, key) DO UPDATE SET count = daily_counts.count + excluded.count
                """,
                [("day", c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("kind", c.Kind), ("key", c.Key), ("count", c.Count)],
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DailyCount>> CountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT day, kind, key, count FROM daily_counts WHERE day >= @from AND day <= @to ORDER BY day, kind, key",
            [("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DailyCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new DailyCount(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }
        return list;
    }

    // ---- rows ----

    private const string StoryColumns = "s.id, s.title, s.body, s.source, s.received_utc, s.needs_review";
    private const int StoryColumnCount = 6;
    private const string SuggestionColumns = "g.id, g.story_id, g.model_version, g.created_utc, g.topic_scores, g.thresholds, g.topics, g.countries, g.primary_country, g.result_json";
    private const string DecisionColumns = "d.id, d.story_id, d.suggestion_id, d.editor, d.decided_utc, d.model_version, d.scores_seen, d.accepted_topics, d.rejected_topics, d.added_topics, d.accepted_countries, d.rejected_countries, d.added_countries, d.primary_country, d.wrong_entities";

    private static StoredStory ReadStory(DbDataReader r, int at) => new(
        r.GetString(at), r.GetString(at + 1), r.GetString(at + 2), r.GetString(at + 3), ParseStamp(r.GetString(at + 4)),
        Convert.ToInt64(r.GetValue(at + 5), CultureInfo.InvariantCulture) != 0);

    private static Suggestion ReadSuggestion(DbDataReader r, int at) => new(
        Convert.ToInt64(r.GetValue(at), CultureInfo.InvariantCulture), r.GetString(at + 1), r.GetString(at + 2), ParseStamp(r.GetString(at + 3)),
        FromJson<Dictionary<string, float>>(r.GetString(at + 4)), FromJson<Dictionary<string, float>>(r.GetString(at + 5)),
        ParseListColumn(r.GetString(at + 6)), ParseListColumn(r.GetString(at + 7)),
        r.IsDBNull(at + 8) ? null : r.GetString(at + 8), r.GetString(at + 9));

    private static EditorDecision ReadDecision(DbDataReader r, int at) => new()
    {
        Id = Convert.ToInt64(r.GetValue(at), CultureInfo.InvariantCulture),
        StoryId = r.GetString(at + 1),
        SuggestionId = r.IsDBNull(at + 2) ? null : Convert.ToInt64(r.GetValue(at + 2), CultureInfo.InvariantCulture),
        Editor = r.GetString(at + 3),
        DecidedUtc = ParseStamp(r.GetString(at + 4)),
        ModelVersion = r.GetString(at + 5),
        ScoresSeen = FromJson<Dictionary<string, float>>(r.GetString(at + 6)),
        AcceptedTopics = FromJson<List<string>>(r.GetString(at + 7)),
        RejectedTopics = FromJson<List<string>>(r.GetString(at + 8)),
        AddedTopics = FromJson<List<string>>(r.GetString(at + 9)),
        AcceptedCountries = FromJson<List<string>>(r.GetString(at + 10)),
        RejectedCountries = FromJson<List<string>>(r.GetString(at + 11)),
        AddedCountries = FromJson<List<string>>(r.GetString(at + 12)),
        PrimaryCountry = r.IsDBNull(at + 13) ? null : r.GetString(at + 13),
        WrongEntities = FromJson<List<EntityMark>>(r.GetString(at + 14)),
    };

    // ---- helpers ----

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var value = await ScalarAsync(connection, transaction, "SELECT MAX(version) FROM schema_version", [], cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseStamp(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static T FromJson<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Json) ?? new T();

    // Lists the queue filters on are kept as ",a,b," so one LIKE finds a whole item.
    private static string ListColumn(IEnumerable<string> items) => "," + string.Join(",", items) + ",";

    private static List<string> ParseListColumn(string column) => column.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string EscapeLike(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
}
