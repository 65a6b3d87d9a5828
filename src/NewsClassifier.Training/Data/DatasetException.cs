namespace NewsClassifier.Training.Data;

/// <summary>Training or evaluation data that cannot be used; the message names the rows and the fix.</summary>
public sealed class DatasetException : Exception
{
    private DatasetException(string message) : base(message)
    {
    }

    /// <summary>True when the data file does not exist (as opposed to existing but being unusable).</summary>
    public bool FileMissing { get; private init; }

    /// <summary>The offending rows, 1-based, when the problem is in particular rows.</summary>
    public IReadOnlyList<int> Rows { get; private init; } = [];

    internal static DatasetException Missing(string path) =>
        new($"The data file '{path}' does not exist.") { FileMissing = true };

    internal static DatasetException UnknownFormat(string path) =>
        new($"Cannot tell the format of '{path}': use a .jsonl or .csv file.");

    internal static DatasetException Unreadable(string path, IReadOnlyList<(int Row, string Error)> errors)
    {
        var shown = string.Join("; ", errors.Take(5).Select(e => $"row {e.Row}: {e.Error}"));
        var more = errors.Count > 5 ? $"; and {errors.Count - 5} more" : "";
        return new($"{path}: {errors.Count} {(errors.Count == 1 ? "row" : "rows")} cannot be read ({shown}{more}). Fix or remove them, or have bad rows left out (BadRowHandling.Skip).")
        {
            Rows = errors.Select(e => e.Row).ToList(),
        };
    }

    internal static DatasetException LabelsDoNotMatchModel(string path, IReadOnlyList<string> dataLabels, IReadOnlyList<string> modelLabels) =>
        new($"{path}: none of the data's labels [{string.Join(", ", dataLabels.Take(12))}{(dataLabels.Count > 12 ? ", ..." : "")}] is one of the model's [{string.Join(", ", modelLabels.Take(12))}{(modelLabels.Count > 12 ? ", ..." : "")}], so every figure would be zero. Evaluate with the model trained on these labels, or name the field that holds them.");

    internal static DatasetException LabelsDifferOnlyInCase(string path, IEnumerable<IReadOnlyList<string>> groups) =>
        new($"{path}: labels that differ only in case: {string.Join("; ", groups.Select(g => string.Join(", ", g.Select(l => $"'{l}'"))))}. They would become different labels; write each label one way.");

    internal static DatasetException NoTrainerSucceeded(string path, IEnumerable<string> failures) =>
        new($"{path}: every trainer failed on this data ({string.Join("; ", failures)}). Check the labels and the text fields, or try another trainer.");

    internal static DatasetException BadRows(string path, string problem, IReadOnlyList<int> rows, string fix) =>
        new($"{path}: {problem} in {Describe(rows)}. {fix}") { Rows = rows };

    internal static DatasetException TooSmall(string path, int rows, int minimum) =>
        new($"{path}: only {rows} usable training rows; at least {minimum} are needed to train and tune a model. Add labelled stories.");

    internal static DatasetException SingleClass(string path, string label, bool allPositive) =>
        new($"{path}: the label '{label}' is {(allPositive ? "on every" : "on no")} training row, so there is nothing to learn. Add stories {(allPositive ? "without" : "with")} it, or leave it out of the label set.");

    internal static DatasetException TooFewExamples(string path, IEnumerable<(string Label, int Count)> labels, int minimum) =>
        new($"{path}: these labels have fewer than {minimum} training examples: {string.Join(", ", labels.Select(l => $"'{l.Label}' ({l.Count})"))}. Add examples, lower the minimum number of examples per label, or leave them out of the label set.");

    internal static DatasetException UnknownLabels(string path, IReadOnlyDictionary<string, List<int>> unknown, IEnumerable<string> known) =>
        new($"{path}: unknown labels {string.Join(", ", unknown.Select(kv => $"'{kv.Key}' ({Describe(kv.Value)})"))}. The label set is [{string.Join(", ", known)}]; fix the rows or give the full label set.")
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
