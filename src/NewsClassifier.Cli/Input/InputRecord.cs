namespace NewsClassifier.Cli.Input;

/// <summary>One record read from an input: a story to tag, or the reason no story could be read.</summary>
internal sealed record InputRecord(string Id, NewsArticle? Article, string? Error, bool Truncated = false)
{
    public static InputRecord Story(NewsArticle article, bool truncated = false) => new(article.Id, article, null, truncated);

    public static InputRecord Failed(string id, string error) => new(id, null, error);
}

/// <summary>How input files are read.</summary>
internal enum InputFormat
{
    Auto,
    Text,
    Page,
    Jsonl,
    Csv,
}

/// <summary>Column names for CSV input.</summary>
internal sealed record CsvColumns(string Id = "id", string Title = "title", string Text = "text");
