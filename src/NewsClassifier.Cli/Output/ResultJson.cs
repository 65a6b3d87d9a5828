using System.Text.Json;

namespace NewsClassifier.Cli.Output;

/// <summary>The JSON shape of one result: the CLI contract, written field by field.</summary>
internal static class ResultJson
{
    public static void Write(Utf8JsonWriter json, TagResult result, OutputOptions options)
    {
        json.WriteStartObject();
        json.WriteString("id", result.Id);
        if (result.Error is { } error)
        {
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
        var scores = options.TopK is { } k
            ? result.TopicScores.OrderByDescending(s => s.Value).Take(k)
            : options.Labels.Where(result.TopicScores.ContainsKey).Select(l => new KeyValuePair<string, float>(l, result.TopicScores[l]));
        foreach (var (label, score) in scores)
        {
            json.WriteNumber(label, Round(score));
        }
        json.WriteEndObject();
        json.WriteStartArray("countries");
        foreach (var country in options.TopK is { } kc ? result.Countries.Take(kc) : result.Countries)
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
    internal static void WritePageLines(Utf8JsonWriter json, IReadOnlyList<PageLineVerdict> lines)
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
