namespace NewsClassifier.Cli.Input;

/// <summary>One record read from an input: a story to tag, or the reason no story could be read.</summary>
/// <param name="FromPage">Cut out of a scraped page: the output then carries the cleaned text the spans point into.</param>
internal sealed record InputRecord(string Id, NewsArticle? Article, string? Error, bool Truncated = false, bool FromPage = false)
{
    /// <summary>Set for page stories: the story as the page splitter made it.</summary>
    public PageStory? PageStory { get; init; }

    /// <summary>Set for page stories under --explain: the page's lines this story's record reports.</summary>
    public IReadOnlyList<PageLineVerdict>? PageLines { get; init; }

    public static InputRecord Story(NewsArticle article, bool truncated = false, bool fromPage = false) => new(article.Id, article, null, truncated, fromPage);

    public static InputRecord Failed(string id, string error) => new(id, null, error);
}

/// <summary>How input files are read.</summary>
internal enum InputFormat
{
    Auto,
    Text,
    Page,
    Html,
    Jsonl,
    Csv,
}

/// <summary>Column names for CSV input.</summary>
internal sealed record CsvColumns(string Id = "id", string Title = "title", string Text = "text");
