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

/// <summary>Reads labelled stories from JSONL or CSV, reporting bad rows by number instead of skipping them.</summary>
public static class DatasetReader
{
    /// <summary>Reads every row; throws <see cref="DatasetException"/> naming the rows that cannot be read.</summary>
    public static List<LabeledStory> Read(string path, DatasetSchema schema)
    {
        if (!File.Exists(path))
        {
            throw DatasetException.Missing(path);
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" or ".json" => ReadJsonl(path, schema),
            ".csv" => ReadCsv(path, schema),
            _ => throw DatasetException.UnknownFormat(path),
        };
    }

    /// <summary>The SHA-256 of the data file, recorded in the model card.</summary>
    public static string Sha256(string path) => Internal.Models.ModelBundle.Sha256(path);

    private static List<LabeledStory> ReadJsonl(string path, DatasetSchema schema)
    {
        var stories = new List<LabeledStory>();
        var malformed = new List<int>();
        var noText = new List<int>();
        var row = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            row++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                malformed.Add(row);
                continue;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    malformed.Add(row);
                    continue;
                }
                var fields = document.RootElement;
                if (schema.Filter is { } filter && !Matches(fields, filter.Field, filter.Value))
                {
                    continue;
                }
                var texts = schema.TextFields.Select(f => StringField(fields, f)).ToList();
                var (title, text) = TitleAndText(texts);
                if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(text))
                {
                    noText.Add(row);
                    continue;
                }
                stories.Add(new LabeledStory(
                    row,
                    StringField(fields, schema.IdField) is { Length: > 0 } id ? id : $"row-{row}",
                    title,
                    text,
                    ListField(fields, schema.LabelField),
                    ListField(fields, schema.CountryField).Select(c => c.ToUpperInvariant()).ToList(),
                    StringField(fields, schema.PrimaryField) is { Length: > 0 } p ? p.ToUpperInvariant() : null,
                    StringField(fields, schema.SplitField).ToLowerInvariant()));
            }
        }
        ThrowIfAny(path, malformed, "malformed JSON", "Each line must be one JSON object; fix or remove these lines.");
        ThrowIfAny(path, noText, $"no text in the fields [{string.Join(", ", schema.TextFields)}]", "Fill the text or remove the rows; pass --text-fields if the text is in other fields.");
        return stories;
    }

    private static List<LabeledStory> ReadCsv(string path, DatasetSchema schema)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            throw DatasetException.BadRows(path, "no header row", [1], "The first row must name the columns.");
        }
        var header = csv.HeaderRecord;
        var missing = schema.TextFields.Where(f => !header.Contains(f, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count == schema.TextFields.Count)
        {
            throw DatasetException.BadRows(path, $"the header has none of the text columns [{string.Join(", ", schema.TextFields)}]", [1], "Pass --text-fields with the columns that hold the text.");
        }
        string Get(string field) => header.Contains(field, StringComparer.OrdinalIgnoreCase) ? csv.GetField(Array.FindIndex(header, h => h.Equals(field, StringComparison.OrdinalIgnoreCase))) ?? "" : "";

        var stories = new List<LabeledStory>();
        var noText = new List<int>();
        while (csv.Read())
        {
            var row = csv.Parser.Row;
            if (schema.Filter is { } filter && !string.Equals(Get(filter.Field).Trim(), filter.Value, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var (title, text) = TitleAndText(schema.TextFields.Select(Get).ToList());
            if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(text))
            {
                noText.Add(row);
                continue;
            }
            var id = Get(schema.IdField);
            stories.Add(new LabeledStory(
                row,
                id.Length > 0 ? id : $"row-{row}",
                title,
                text,
                SplitList(Get(schema.LabelField)),
                SplitList(Get(schema.CountryField)).Select(c => c.ToUpperInvariant()).ToList(),
                Get(schema.PrimaryField) is { Length: > 0 } p ? p.Trim().ToUpperInvariant() : null,
                Get(schema.SplitField).Trim().ToLowerInvariant()));
        }
        ThrowIfAny(path, noText, $"no text in the columns [{string.Join(", ", schema.TextFields)}]", "Fill the text or remove the rows.");
        return stories;
    }

    private static (string Title, string Text) TitleAndText(List<string> values) => values.Count switch
    {
        0 => ("", ""),
        1 => ("", values[0]),
        _ => (values[0], string.Join("\n\n", values.Skip(1).Where(v => v.Length > 0))),
    };

    private static string StringField(JsonElement fields, string name) =>
        fields.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Number => value.GetRawText(),
            _ => "",
        } : "";

    private static bool Matches(JsonElement fields, string name, string value) =>
        fields.TryGetProperty(name, out var v)
        && string.Equals(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(), value, StringComparison.OrdinalIgnoreCase);

    private static List<string> ListField(JsonElement fields, string name)
    {
        if (!fields.TryGetProperty(name, out var value))
        {
            return [];
        }
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).Where(s => s.Length > 0).ToList(),
            JsonValueKind.String => SplitList(value.GetString() ?? ""),
            _ => [],
        };
    }

    private static List<string> SplitList(string value) =>
        value.Split([';', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static void ThrowIfAny(string path, List<int> rows, string problem, string fix)
    {
        if (rows.Count > 0)
        {
            throw DatasetException.BadRows(path, problem, rows, fix);
        }
    }
}
