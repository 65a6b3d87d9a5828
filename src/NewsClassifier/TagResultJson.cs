using System.Text.Json;

namespace NewsClassifier;

/// <summary>
/// The JSON shape of one <see cref="TagResult"/>: the output contract every front end writes (the CLI's JSONL lines,
/// the HTTP service's responses), field by field, scores rounded to four decimals.
/// </summary>
public static class TagResultJson
{
    /// <summary>Writes one result as a JSON object: an <c>{"id","error"}</c> record for a failed story, the full tags otherwise.</summary>
    /// <param name="json">The writer; the object is written at its current position.</param>
    /// <param name="result">The result to write.</param>
    /// <param name="labelOrder">The order of the <c>topicScores</c> fields (normally <see cref="NewsTagger.Labels"/>); null keeps the result's order.</param>
    /// <param name="topK">When set, only the k best topic scores and countries are written.</param>
    public static void Write(Utf8JsonWriter json, TagResult result, IReadOnlyList<string>? labelOrder = null, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        json.WriteString("id", result.Id);
        if (result.Error is { } error)
        {
            // Where the record was (file:line, file:row, file#n), so the error names it even when the record has its own id.
            if (result.Source is { } source && source != result.Id)
            {
                json.WriteString("source", source);
            }
            json.WriteString("error", error);
            json.WriteEndObject();
            return;
        }
        if (result.Title is null)
        {
            json.WriteNull("title");
        }
        else
        {
            json.WriteString("title", result.Title);
        }
        if (result.Text is { } text)
        {
            json.WriteString("text", text);
        }
        if (result.Truncated)
        {
            json.WriteBoolean("truncated", true);
        }
        if (result.Published is { } published)
        {
            json.WriteString("published", published);
        }
        if (result.DroppedLines is { } dropped)
        {
            json.WriteNumber("droppedLines", dropped);
        }
        json.WriteStartArray("topics");
        foreach (var topic in result.Topics)
        {
            json.WriteStartObject();
            json.WriteString("label", topic.Label);
            json.WriteNumber("score", Round(topic.Score));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("topicScores");
        var scores = topK is { } k
            ? result.TopicScores.OrderByDescending(s => s.Value).Take(k)
            : labelOrder is null
                ? result.TopicScores
                : labelOrder.Where(result.TopicScores.ContainsKey).Select(l => new KeyValuePair<string, float>(l, result.TopicScores[l]));
        foreach (var (label, score) in scores)
        {
            json.WriteNumber(label, Round(score));
        }
        json.WriteEndObject();
        json.WriteStartArray("countries");
        foreach (var country in topK is { } kc ? result.Countries.Take(kc) : result.Countries)
        {
            json.WriteStartObject();
            json.WriteString("code", country.Code);
            json.WriteString("name", country.Name);
            json.WriteNumber("score", Round(country.Score));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (result.PrimaryCountry is { } primary)
        {
            json.WriteString("primaryCountry", primary);
        }
        else
        {
            json.WriteNull("primaryCountry");
        }
        json.WriteStartArray("entities");
        foreach (var entity in result.Entities)
        {
            json.WriteStartObject();
            json.WriteString("text", entity.Text);
            json.WriteString("type", entity.Type.ToString().ToUpperInvariant());
            json.WriteNumber("start", entity.Start);
            json.WriteNumber("end", entity.End);
            json.WriteString("field", entity.Field);
            if (entity.Country is { } c)
            {
                json.WriteString("country", c);
            }
            else
            {
                json.WriteNull("country");
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (result.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                json.WriteStringValue(warning);
            }
            json.WriteEndArray();
        }
        if (result.Explanation is { } explanation)
        {
            WriteExplanation(json, explanation, result.PageLines);
        }
        json.WriteEndObject();
    }

    private static void WriteExplanation(Utf8JsonWriter json, Explanation explanation, IReadOnlyList<PageLineVerdict>? pageLines)
    {
        json.WriteStartObject("explanation");
        json.WriteStartObject("topics");
        foreach (var (label, terms) in explanation.TopicTerms)
        {
            json.WriteStartArray(label);
            foreach (var term in terms)
            {
                json.WriteStartObject();
                json.WriteString("term", term.Term);
                json.WriteNumber("drop", Round(term.Drop));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteStartArray("countries");
        foreach (var e in explanation.Countries)
        {
            json.WriteStartObject();
            json.WriteString("code", e.Code);
            json.WriteString("name", e.Name);
            json.WriteNumber("mentions", e.Mentions);
            json.WriteNumber("firstPosition", e.FirstPosition);
            json.WriteBoolean("inHeadline", e.InHeadline);
            json.WriteStartArray("via");
            foreach (var v in e.Via)
            {
                json.WriteStringValue(v);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (pageLines is not null)
        {
            WritePageLines(json, pageLines);
        }
        json.WriteEndObject();
    }

    /// <summary>Each page line with its class, the runner-up, the margin and the features that decided it.</summary>
    /// <summary>Writes a page's lines with their classes and reasons as a "lines" array (the --explain view of a page).</summary>
    public static void WritePageLines(Utf8JsonWriter json, IReadOnlyList<PageLineVerdict> lines)
    {
        json.WriteStartArray("lines");
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteNumber("line", line.Line);
            json.WriteString("class", line.Class.ToString().ToLowerInvariant());
            json.WriteString("text", line.Text);
            json.WriteString("runnerUp", line.RunnerUp.ToString().ToLowerInvariant());
            json.WriteNumber("margin", Math.Round(line.Margin, 3));
            if (line.Dropped)
            {
                json.WriteBoolean("dropped", true);
            }
            json.WriteStartArray("why");
            foreach (var reason in line.Reasons)
            {
                json.WriteStringValue(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reason.Feature} +{reason.Weight:0.###}"));
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static double Round(float value) => Math.Round(value, 4);
}
