using System.Text.Json;

namespace NewsClassifier.Training.Entities;

/// <summary>One annotated name of a story: its surface form, type and country (null for international bodies).</summary>
public sealed record AnnotatedEntity(string Text, EntityType Type, string? Country);

/// <summary>A gold mention: an annotated name at one place in the headline or text.</summary>
public sealed record GoldMention(string Field, int Start, int End, EntityType Type, string? Country);

/// <summary>
/// The entity annotations of a JSONL dataset: each row may carry <c>"entities": [{"text","type","country"}]</c>, one
/// entry per distinct surface form. Every whole-word occurrence of a form is a mention (the guide marks every
/// mention); where forms overlap, the longest wins ("Bank of Georgia" over "Georgia").
/// </summary>
public static class EntityAnnotations
{
    /// <summary>The annotated names by story id; stories without an "entities" field are absent.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AnnotatedEntity>> Read(string path)
    {
        var result = new Dictionary<string, IReadOnlyList<AnnotatedEntity>>(StringComparer.Ordinal);
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return result;
        }
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || !line.Contains("\"entities\"", StringComparison.Ordinal))
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("id", out var id) || !root.TryGetProperty("entities", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var entities = new List<AnnotatedEntity>();
            foreach (var e in list.EnumerateArray())
            {
                var text = e.GetProperty("text").GetString() ?? "";
                var typeName = e.GetProperty("type").GetString() ?? "";
                var type = typeName.ToUpperInvariant() switch
                {
                    "PERSON" => EntityType.Person,
                    "LOCATION" => EntityType.Location,
                    "ORGANIZATION" or "ORGANISATION" => EntityType.Organization,
                    "COUNTRY" => EntityType.Country,
                    _ => throw new FormatException($"{path}: story {id.GetString()}: entity type '{typeName}' is not PERSON, LOCATION, ORGANIZATION or COUNTRY."),
                };
                var country = e.TryGetProperty("country", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (text.Trim().Length > 0)
                {
                    entities.Add(new AnnotatedEntity(text.Trim(), type, string.IsNullOrEmpty(country) ? null : country));
                }
            }
            result[id.GetString() ?? ""] = entities;
        }
        return result;
    }

    /// <summary>Every mention of the annotated forms in one field's text, in text order.</summary>
    public static List<GoldMention> Mentions(string field, string text, IReadOnlyList<AnnotatedEntity> entities)
    {
        var taken = new bool[text.Length];
        var mentions = new List<GoldMention>();
        foreach (var entity in entities.OrderByDescending(e => e.Text.Length))
        {
            for (var at = text.IndexOf(entity.Text, StringComparison.Ordinal); at >= 0; at = text.IndexOf(entity.Text, at + 1, StringComparison.Ordinal))
            {
                var end = at + entity.Text.Length;
                if (!IsWordBoundary(text, at - 1) || !IsWordBoundary(text, end) || Overlaps(taken, at, end))
                {
                    continue;
                }
                Array.Fill(taken, true, at, end - at);
                mentions.Add(new GoldMention(field, at, end, entity.Type, entity.Country));
            }
        }
        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
        return mentions;
    }

    private static bool IsWordBoundary(string text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);

    private static bool Overlaps(bool[] taken, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (taken[k])
            {
                return true;
            }
        }
        return false;
    }
}
