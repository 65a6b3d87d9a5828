using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Desk.Internal.Store;

/// <summary>The store in one SQLite file: WAL (readers never wait for the writer), synchronous=FULL (a commit is on disk).</summary>
internal sealed class SqliteFeedbackStore(string path) : SqlFeedbackStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30, // seconds a writer waits for another writer's lock
    }.ToString();

    public override string Backend => "sqlite";

    public override string Describe() => $"SQLite file {Path.GetFullPath(path)}";

    protected override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string FloatType => "REAL";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
