namespace NewsClassifier.Training.Data;

/// <summary>One labelled story of a dataset.</summary>
/// <param name="Row">The 1-based line (JSONL) or record (CSV) number, for error messages.</param>
/// <param name="Split">"train", "validation", "test", or "" when the dataset has no split field.</param>
public sealed record LabeledStory(
    int Row,
    string Id,
    string Title,
    string Text,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Countries,
    string? Primary,
    string Split)
{
    /// <summary>How many times the row counts in training (the weight of its file).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>The story as the tagger sees it.</summary>
    public NewsArticle ToArticle() => new(Id, Text, Title);
}

/// <summary>The names of the splits a dataset may carry.</summary>
public static class Splits
{
    /// <summary>Rows the model is fitted on.</summary>
    public const string Train = "train";

    /// <summary>Rows thresholds are tuned on.</summary>
    public const string Validation = "validation";

    /// <summary>Rows kept out of training for the final figures.</summary>
    public const string Test = "test";
}
