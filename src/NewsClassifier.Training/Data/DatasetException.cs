namespace NewsClassifier.Training.Data;

/// <summary>Training or evaluation data that cannot be used; the message names the rows and the fix.</summary>
public sealed class DatasetException : Exception
{
    private DatasetException(string message) : base(message)
    {
    }

    /// <summary>The offending rows, 1-based, when the problem is in particular rows.</summary>
    public IReadOnlyList<int> Rows { get; private init; } = [];

    internal static DatasetException Missing(string path) =>
        new($"The data file '{path}' does not exist.");

    internal static DatasetException UnknownFormat(string path) =>
        new($"Cannot tell the format of '{path}': use a .jsonl or .csv file.");

    internal static DatasetException BadRows(string path, string problem, IReadOnlyList<int> rows, string fix) =>
        new($"{path}: {problem} in {Describe(rows)}. {fix}") { Rows = rows };

    internal static DatasetException TooSmall(string path, int rows, int minimum) =>
        new($"{path}: only {rows} usable training rows; at least {minimum} are needed to train and tune a model. Add labelled stories.");

    internal static DatasetException SingleClass(string path, string label, bool allPositive) =>
        new($"{path}: the label '{label}' is {(allPositive ? "on every" : "on no")} training row, so there is nothing to learn. Add stories {(allPositive ? "without" : "with")} it, or drop it with --labels.");

    internal static DatasetException TooFewExamples(string path, IEnumerable<(string Label, int Count)> labels, int minimum) =>
        new($"{path}: these labels have fewer than {minimum} training examples: {string.Join(", ", labels.Select(l => $"'{l.Label}' ({l.Count})"))}. Add examples, lower --min-examples, or drop them with --labels.");

    internal static DatasetException UnknownLabels(string path, IReadOnlyDictionary<string, List<int>> unknown, IEnumerable<string> known) =>
        new($"{path}: unknown labels {string.Join(", ", unknown.Select(kv => $"'{kv.Key}' ({Describe(kv.Value)})"))}. The label set is [{string.Join(", ", known)}]; fix the rows or pass --labels with the full set.")
        {
            Rows = unknown.SelectMany(kv => kv.Value).Distinct().Order().ToList(),
        };

    private static string Describe(IReadOnlyList<int> rows)
    {
        var shown = string.Join(", ", rows.Take(10));
        return rows.Count switch
        {
            1 => $"row {shown}",
            <= 10 => $"rows {shown}",
            _ => $"rows {shown} and {rows.Count - 10} more",
        };
    }
}
