namespace NewsClassifier;

/// <summary>How a story source is laid out.</summary>
public enum StoryFormat
{
    /// <summary>Decided per file: <c>.jsonl</c>/<c>.ndjson</c> JSON Lines, <c>.csv</c> CSV, <c>.json</c> and standard input by content, anything else text.</summary>
    Auto,

    /// <summary>One story per file: the first non-empty line is the headline, the rest the body.</summary>
    Text,

    /// <summary>A scraped page holding several stories among page furniture, as text or HTML (told apart by content).</summary>
    Page,

    /// <summary>A web page's HTML: its main story, or each teaser of a listing page.</summary>
    Html,

    /// <summary>One JSON object per line.</summary>
    Jsonl,

    /// <summary>A JSON array of objects (or one object).</summary>
    Json,

    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
}

/// <summary>What a reader does with a record it cannot read.</summary>
public enum BadRecordPolicy
{
    /// <summary>Yield an error record in its place (the default: the count out equals the count in).</summary>
    ErrorRecord,

    /// <summary>Leave it out (after calling <see cref="StoryReaderOptions.BadRecordFound"/>, if set).</summary>
    Skip,

    /// <summary>Stop reading: throw a <see cref="BadRecordException"/> naming the record.</summary>
    Throw,
}

/// <summary>How story sources are read.</summary>
public sealed record StoryReaderOptions
{
    /// <summary>The largest record (a JSONL line, a CSV row, a text file) read, in bytes: 64 MB.</summary>
    public const int DefaultMaxRecordBytes = 64 << 20;

    /// <summary>The deepest folder read below the one named: 64 levels.</summary>
    public const int DefaultMaxFolderDepth = 64;

    /// <summary>The layout of the sources; <see cref="StoryFormat.Auto"/> decides per file.</summary>
    public StoryFormat Format { get; init; } = StoryFormat.Auto;

    /// <summary>The JSON field or CSV column holding the story's id; a record without one is named by its place.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The field holding the headline; null when there is none.</summary>
    public string? TitleField { get; init; } = "title";

    /// <summary>The fields joined (with a blank line) into the story's text.</summary>
    public IReadOnlyList<string> TextFields { get; init; } = ["text"];

    /// <summary>What to do with a record that cannot be read.</summary>
    public BadRecordPolicy BadRecords { get; init; } = BadRecordPolicy.ErrorRecord;

    /// <summary>Called with every error record, whatever <see cref="BadRecords"/> says (as CsvHelper's BadDataFound).</summary>
    public Action<StoryRecord>? BadRecordFound { get; init; }

    /// <summary>Attach to each page story the page's lines with their classes and reasons (for --explain).</summary>
    public bool ExplainPages { get; init; }

    /// <summary>The page model that splits pages; null for the one built into the library.</summary>
    public PageModel? PageModel { get; init; }

    /// <summary>Keep every field of a JSON object or CSV row in <see cref="StoryRecord.Fields"/>.</summary>
    public bool KeepFields { get; init; }

    /// <summary>Report a second record with an id already seen (in any file of the run) as an error.</summary>
    public bool RefuseDuplicateIds { get; init; } = true;

    /// <summary>Records larger than this many bytes are error records.</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Folders nested deeper than this below the one named are error records, not read.</summary>
    public int MaxFolderDepth { get; init; } = DefaultMaxFolderDepth;

    /// <summary>Checks the options; the message names the offending value.</summary>
    public StoryReaderOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(IdField))
        {
            throw new ArgumentException("IdField must name a field.", nameof(IdField));
        }
        if (TextFields.Count == 0 || TextFields.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"TextFields must name at least one field and no empty ones, not [{string.Join(", ", TextFields)}].", nameof(TextFields));
        }
        if (MaxRecordBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, $"MaxRecordBytes must be at least 1, not {MaxRecordBytes}.");
        }
        if (MaxFolderDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFolderDepth), MaxFolderDepth, $"MaxFolderDepth must be 0 or more, not {MaxFolderDepth}.");
        }
        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, $"Format {Format} is not one of {string.Join(", ", Enum.GetNames<StoryFormat>())}.");
        }
        return this;
    }
}

/// <summary>A record could not be read and <see cref="StoryReaderOptions.BadRecords"/> says to stop.</summary>
public sealed class BadRecordException : Exception
{
    private BadRecordException(StoryRecord record) : base($"{record.Source}: {record.Error}") => Record = record;

    /// <summary>The error record: where it is and why it could not be read.</summary>
    public StoryRecord Record { get; }

    internal static BadRecordException For(StoryRecord record) => new(record);
}
