using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace NewsClassifier.Training.Data;

/// <summary>Which fields of a dataset hold what.</summary>
public sealed record DatasetSchema
{
    /// <summary>The field with the labels: a JSON array of strings, or in CSV a list separated by ';', '|' or ','.</summary>
    public string LabelField { get; init; } = "topics";

    /// <summary>Fields joined into the model's text; the first is used as the headline when there are two or more.</summary>
    public IReadOnlyList<string> TextFields { get; init; } = ["title", "text"];

    /// <summary>The field with the ISO codes of the countries the story is about, if any.</summary>
    public string CountryField { get; init; } = "countries";

    /// <summary>The field with the primary country, if any.</summary>
    public string PrimaryField { get; init; } = "primary";

    /// <summary>The field with the split name, if any.</summary>
    public string SplitField { get; init; } = "split";

    /// <summary>The field with the story's identifier, if any; otherwise the row number is used.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>When set, only rows whose field has this value (as written, e.g. "true") are read.</summary>
    public (string Field, string Value)? Filter { get; init; }
}

/// <summary>What training and evaluation do with rows that cannot be read (as CsvHelper's BadDataFound: refuse, or leave them out and say so).</summary>
public enum BadRowHandling
{
    /// <summary>Read every row, then refuse the data naming every bad row (the default: a model is never trained on part of the data by accident).</summary>
    Refuse,

    /// <summary>Leave bad rows out; each is reported through the log.</summary>
    Skip,
}

/// <summary>
/// Reads labelled stories from JSON Lines, JSON or CSV through the library's <see cref="StoryReader"/> (the same
/// readers and bad-record policy as tagging), reporting bad rows by number instead of skipping them silently.
/// </summary>
public static class DatasetReader
{
    /// <summary>Reads every row; throws <see cref="DatasetException"/> naming the rows that cannot be read.</summary>
    public static List<LabeledStory> Read(string path, DatasetSchema schema) =>
        ReadAsync(path, schema, BadRowHandling.Refuse, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads every row; bad rows are refused (all named in one <see cref="DatasetException"/>) or skipped and passed to <paramref name="badRow"/>.</summary>
    public static async Task<List<LabeledStory>> ReadAsync(string path, DatasetSchema schema, BadRowHandling badRows, Action<string>? badRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!File.Exists(path))
        {
            throw DatasetException.Missing(path);
        }
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => StoryFormat.Jsonl,
            ".json" => StoryFormat.Auto,
            ".csv" => StoryFormat.Csv,
            _ => throw DatasetException.UnknownFormat(path),
        };
        var textFields = schema.TextFields;
        var options = new StoryReaderOptions
        {
            Format = format,
            IdField = schema.IdField,
            // With two or more text fields the first is the headline (the rule the model card records).
            TitleField = textFields.Count >= 2 ? textFields[0] : null,
            TextFields = textFields.Count >= 2 ? textFields.Skip(1).ToList() : textFields,
            KeepFields = true,
            RefuseDuplicateIds = false,
        };
        var stories = new List<LabeledStory>();
        var errors = new List<StoryRecord>();
        await foreach (var record in StoryReader.ReadFileAsync(path, options, cancellationToken).ConfigureAwait(false))
        {
            var row = RowOf(record.Source);
            if (record.IsError)
            {
                if (badRows == BadRowHandling.Skip)
                {
                    badRow?.Invoke($"{record.Source}: {record.Error} (row left out)");
                }
                else
                {
                    errors.Add(record);
                }
                continue;
            }
            var fields = record.Fields!;
            if (schema.Filter is { } filter && !(fields.TryGetValue(filter.Field, out var values) && values.Any(v => string.Equals(v.Trim(), filter.Value, StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }
            var article = record.Article!;
            var title = article.Title ?? "";
            if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(article.Text))
            {
                var empty = StoryRecord.Failed(record.Source, $"no text in the fields [{string.Join(", ", schema.TextFields)}]");
                if (badRows == BadRowHandling.Skip)
                {
                    badRow?.Invoke($"{empty.Source}: {empty.Error} (row left out)");
                }
                else
                {
                    errors.Add(empty);
                }
                continue;
            }
            string One(string field) => fields.TryGetValue(field, out var v) && v.Count > 0 ? v[0].Trim() : "";
            stories.Add(new LabeledStory(
                row,
                record.Id == record.Source ? $"row-{row}" : record.Id,
                title,
                article.Text,
                ListOf(fields, schema.LabelField),
                ListOf(fields, schema.CountryField).Select(c => c.ToUpperInvariant()).ToList(),
                One(schema.PrimaryField) is { Length: > 0 } p ? p.ToUpperInvariant() : null,
                One(schema.SplitField).ToLowerInvariant()));
        }
        if (errors.Count > 0)
        {
            throw DatasetException.Unreadable(path, errors.Select(e => (RowOf(e.Source), e.Error!)).ToList());
        }
        return stories;
    }

    /// <summary>The SHA-256 of the data file, recorded in the model card.</summary>
    public static string Sha256(string path) => ModelCard.Sha256Of(path);

    /// <summary>The line (or array item) a record came from: the number after the last ':' or inside the last '[...]'.</summary>
    private static int RowOf(string source)
    {
        var colon = source.LastIndexOf(':');
        if (colon >= 0 && int.TryParse(source.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line))
        {
            return line;
        }
        var open = source.LastIndexOf('[');
        return open >= 0 && source.EndsWith(']') && int.TryParse(source.AsSpan(open + 1, source.Length - open - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var item) ? item + 1 : 0;
    }

    /// <summary>A list field: a JSON array, or one string separated by ';', '|' or ','.</summary>
    private static List<string> ListOf(IReadOnlyDictionary<string, IReadOnlyList<string>> fields, string name)
    {
        if (!fields.TryGetValue(name, out var values))
        {
            return [];
        }
        var items = values.Count == 1 ? values[0].Split([';', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : values.Select(v => v.Trim());
        return items.Where(v => v.Length > 0).ToList();
    }
}
