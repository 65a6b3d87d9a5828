using System.Globalization;
using System.Text.Json;

namespace NewsClassifier.Desk;

/// <summary>Turns a tagger's result into what the store keeps: the story as the spans index it, the suggestion, drift counts.</summary>
public static class TaggedStories
{
    /// <summary>
    /// The story as the page shows it: the headline as sent (no span points into it), and the cleaned text when the
    /// tagger cleaned it, so entity spans index it.
    /// </summary>
    public static StoredStory Story(NewsArticle article, TagResult result, string source, DateTimeOffset receivedUtc, bool needsReview = true) =>
        new(result.Id, article.Title ?? result.Title ?? "", result.Text ?? article.Text, source, receivedUtc, needsReview);

    /// <summary>The model's suggestion: scores, the thresholds in force, assigned topics, countries, primary, and the full result JSON.</summary>
    public static Suggestion Suggestion(TagResult result, NewsTagger tagger, string modelVersion, DateTimeOffset createdUtc)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            TagResultJson.Write(json, result, tagger.Labels);
        }
        var thresholds = tagger.Labels.ToDictionary(l => l, l => tagger.Card.Thresholds.GetValueOrDefault(l, 0.5f), StringComparer.Ordinal);
        return new Suggestion(0, result.Id, modelVersion, createdUtc,
            result.TopicScores.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            thresholds,
            result.Topics.Select(t => t.Label).ToList(),
            result.Countries.Select(c => c.Code).ToList(),
            result.PrimaryCountry,
            System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// The drift counts one tagged story adds on its day: one story; each assigned topic, or "none"; each country;
    /// and each topic's probability in a tenth-wide bin ("energy:0.3" holds scores in [0.3, 0.4)).
    /// </summary>
    public static IEnumerable<DailyCount> DriftCounts(TagResult result, DateOnly day)
    {
        if (!result.Succeeded)
        {
            yield break;
        }
        yield return new DailyCount(day, "stories", "", 1);
        if (result.Topics.Count == 0)
        {
            yield return new DailyCount(day, "none", "", 1);
        }
        foreach (var topic in result.Topics)
        {
            yield return new DailyCount(day, "topic", topic.Label, 1);
        }
        foreach (var country in result.Countries)
        {
            yield return new DailyCount(day, "country", country.Code, 1);
        }
        foreach (var (label, score) in result.TopicScores)
        {
            var bin = Math.Min(9, (int)Math.Floor(Math.Clamp(score, 0f, 1f) * 10));
            yield return new DailyCount(day, "score", string.Create(CultureInfo.InvariantCulture, $"{label}:{bin / 10.0:0.0}"), 1);
        }
    }
}
