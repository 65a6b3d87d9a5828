using System.Text.Json;

namespace NewsClassifier.Internal.Reading;

/// <summary>Turns one JSON value (a JSONL line, an array item) into a story record or an error record saying why not.</summary>
internal static class JsonRecords
{
    /// <summary>Parses one line of JSON Lines; bad bytes, bad JSON and bad fields become error records naming the line.</summary>
    public static StoryRecord FromLine(ReadOnlySpan<byte> bytes, string source, StoryReaderOptions options)
    {
        var bad = TextDecoding.FirstInvalidUtf8(bytes);
        if (bad >= 0)
        {
            return StoryRecord.Failed(source, $"not valid UTF-8: byte 0x{bytes[bad]:X2} at byte offset {bad} of the line; re-save the file as UTF-8");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return StoryRecord.Failed(source, $"not valid JSON ({FirstSentence(ex.Message)})");
        }
        using (document)
        {
            return FromElement(document.RootElement, source, options);
        }
    }

    /// <summary>Reads the id, headline and text fields of one JSON object.</summary>
    public static StoryRecord FromElement(JsonElement root, string source, StoryReaderOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return StoryRecord.Failed(source, $"JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }
        if (!TryString(root, options.IdField, out var id, out var error))
        {
            return StoryRecord.Failed(source, error!);
        }
        id = string.IsNullOrEmpty(id) ? source : id;
        string? title = null;
        if (options.TitleField is { } titleField && !TryString(root, titleField, out title, out error))
        {
            return StoryRecord.Failed(source, error!, id);
        }
        var parts = new List<string>(options.TextFields.Count);
        var anyTextField = false;
        foreach (var field in options.TextFields)
        {
            if (!TryString(root, field, out var part, out error))
            {
                return StoryRecord.Failed(source, error!, id);
            }
            anyTextField |= part is not null;
            if (!string.IsNullOrEmpty(part))
            {
                parts.Add(part);
            }
        }
        // A record without its text field is most likely the wrong field name (say "body"): say so rather than tag the headline alone.
        if (!anyTextField)
        {
            return StoryRecord.Failed(source, $"the \"{options.TextFields[0]}\" field is missing", id);
        }
        IReadOnlyDictionary<string, IReadOnlyList<string>>? fields = null;
        if (options.KeepFields && !TryFields(root, out fields, out error))
        {
            return StoryRecord.Failed(source, error!, id);
        }
        var article = new NewsArticle(id, string.Join("\n\n", parts), string.IsNullOrEmpty(title) ? null : title);
        return StoryRecord.Story(article, source, fields: fields);
    }

    /// <summary>Reads a string (or number) field; a missing or null field is true with a null value; another type, or a lone surrogate, is false with an error.</summary>
    private static bool TryString(JsonElement root, string field, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(element, field, out value, out error);
            case JsonValueKind.Number:
                value = element.GetRawText();
                return true;
            default:
                error = $"the \"{field}\" field must be a string, not {element.ValueKind.ToString().ToLowerInvariant()}";
                return false;
        }
    }

    private static bool TryGetString(JsonElement element, string field, out string? value, out string? error)
    {
        value = null;
        error = null;
        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses an escaped surrogate without its pair ("\ud800"): it is not Unicode text.
            error = $"the \"{field}\" field holds a lone surrogate (an escaped \\uD800-\\uDFFF without its pair), which is not valid Unicode";
            return false;
        }
    }

    private static bool TryFields(JsonElement root, out IReadOnlyDictionary<string, IReadOnlyList<string>>? fields, out string? error)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        fields = result;
        error = null;
        foreach (var property in root.EnumerateObject())
        {
            var values = new List<string>();
            var element = property.Value;
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    if (!TryScalar(item, property.Name, values, out error))
                    {
                        return false;
                    }
                }
            }
            else if (!TryScalar(element, property.Name, values, out error))
            {
                return false;
            }
            result[property.Name] = values;
        }
        return true;
    }

    private static bool TryScalar(JsonElement element, string field, List<string> values, out string? error)
    {
        error = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!TryGetString(element, field, out var s, out error))
                {
                    return false;
                }
                values.Add(s!);
                return true;
            case JsonValueKind.Number:
                values.Add(element.GetRawText());
                return true;
            case JsonValueKind.True:
                values.Add("true");
                return true;
            case JsonValueKind.False:
                values.Add("false");
                return true;
            default:
                return true;
        }
    }

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
