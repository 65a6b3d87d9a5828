namespace NewsClassifier;

/// <summary>
/// One record read from a story source: a story to tag, or the reason no story could be read from that place.
/// Every record a source holds yields exactly one <see cref="StoryRecord"/>, so the count out can equal the count in.
/// </summary>
public sealed record StoryRecord
{
    /// <summary>The story's id: the record's own id field, else its <see cref="Source"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Where the record is: "file" for a text file, "file:line" for JSONL and CSV, "file#n" for a page story, "file[n]" for a JSON array item.</summary>
    public required string Source { get; init; }

    /// <summary>The story; null when the record is an error.</summary>
    public NewsArticle? Article { get; init; }

    /// <summary>Why the record could not be read; null when it holds a story.</summary>
    public string? Error { get; init; }

    /// <summary>True when the result should carry the text the tagger saw (page stories: the source text was cleaned, so spans point into the cleaned text).</summary>
    public bool ReturnsText { get; init; }

    /// <summary>Every scalar or list field of a JSON object or CSV row, when <see cref="StoryReaderOptions.KeepFields"/> asks for them (training reads its labels here).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Fields { get; init; }

    /// <summary>For a page story: the story as the page splitter made it (published date, dropped lines).</summary>
    public PageStory? PageStory { get; init; }

    /// <summary>For a page story under <see cref="StoryReaderOptions.ExplainPages"/>: the page's lines this record reports.</summary>
    public IReadOnlyList<PageLineVerdict>? PageLines { get; init; }

    /// <summary>True when the record could not be read.</summary>
    public bool IsError => Error is not null;

    /// <summary>A record holding a story.</summary>
    public static StoryRecord Story(NewsArticle article, string source, bool returnsText = false, IReadOnlyDictionary<string, IReadOnlyList<string>>? fields = null) =>
        new() { Id = article.Id, Source = source, Article = article, ReturnsText = returnsText, Fields = fields };

    /// <summary>A record saying why nothing could be read at <paramref name="source"/>.</summary>
    public static StoryRecord Failed(string source, string error, string? id = null) =>
        new() { Id = string.IsNullOrEmpty(id) ? source : id, Source = source, Error = error };
}
