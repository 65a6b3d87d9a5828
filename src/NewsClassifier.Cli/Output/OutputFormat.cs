namespace NewsClassifier.Cli.Output;

/// <summary>How tag results are written.</summary>
internal enum OutputFormat
{
    Jsonl,
    Json,
    Csv,
    Table,
}

/// <summary>What a writer shows of each result.</summary>
/// <param name="TopK">Show only the k best topic scores and countries; null shows all.</param>
internal sealed record OutputOptions(IReadOnlyList<string> Labels, int? TopK);
