namespace NewsClassifier.Desk.Internal.Store;

/// <summary>The schema, as numbered steps applied in order when a store opens; never edit a released step, add one.</summary>
internal static class Migrations
{
    /// <summary>The schema version this release writes.</summary>
    public const int Latest = 2;

    /// <summary>The steps; "{ID}" is the dialect's auto-increment primary key, "{FLOAT}" its double type.</summary>
    public static readonly IReadOnlyList<(int Version, string[] Statements)> Steps =
    [
        (1,
        [
            """
            CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                source TEXT NOT NULL,
                received_utc TEXT NOT NULL,
                needs_review INTEGER NOT NULL)
            """,
            """
            CREATE TABLE suggestions (
                id {ID},
                story_id TEXT NOT NULL REFERENCES stories(id),
                model_version TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                topic_scores TEXT NOT NULL,
                thresholds TEXT NOT NULL,
                topics TEXT NOT NULL,
                countries TEXT NOT NULL,
                primary_country TEXT NULL,
                uncertainty {FLOAT} NOT NULL,
                result_json TEXT NOT NULL)
            """,
            """
            CREATE TABLE decisions (
                id {ID},
                story_id TEXT NOT NULL REFERENCES stories(id),
                suggestion_id BIGINT NULL REFERENCES suggestions(id),
                editor TEXT NOT NULL,
                decided_utc TEXT NOT NULL,
                model_version TEXT NOT NULL,
                scores_seen TEXT NOT NULL,
                accepted_topics TEXT NOT NULL,
                rejected_topics TEXT NOT NULL,
                added_topics TEXT NOT NULL,
                accepted_countries TEXT NOT NULL,
                rejected_countries TEXT NOT NULL,
                added_countries TEXT NOT NULL,
                primary_country TEXT NULL,
                wrong_entities TEXT NOT NULL)
            """,
        ]),
        (2,
        [
            // The queue and the export look up the newest suggestion and decision of each story.
            "CREATE INDEX ix_suggestions_story ON suggestions(story_id, id)",
            "CREATE INDEX ix_decisions_story ON decisions(story_id, id)",
            "CREATE INDEX ix_stories_review ON stories(needs_review, received_utc)",
            """
            CREATE TABLE daily_counts (
                day TEXT NOT NULL,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (day, kind, key))
            """,
        ]),
    ];
}
