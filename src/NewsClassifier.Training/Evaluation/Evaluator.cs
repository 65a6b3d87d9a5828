using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Evaluation;

/// <summary>Scores a tagger on labelled stories the way users get it: through <see cref="NewsTagger.TagAsync(IEnumerable{NewsArticle}, CancellationToken)"/> with the model's own thresholds.</summary>
public static class Evaluator
{
    /// <summary>Tags the rows and scores what came back; rows the tagger refuses count as failed.</summary>
    public static async Task<EvaluationReport> EvaluateAsync(NewsTagger tagger, IReadOnlyList<LabeledStory> rows, string split, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(rows);
        var scored = new List<ScoredStory>(rows.Count);
        var failed = 0;
        var i = 0;
        await foreach (var result in tagger.TagAsync(rows.Select(r => r.ToArticle()), cancellationToken).ConfigureAwait(false))
        {
            var row = rows[i++];
            if (!result.Succeeded)
            {
                failed++;
                continue;
            }
            scored.Add(new ScoredStory(
                row.Id,
                row.Labels.Where(tagger.Labels.Contains).ToHashSet(),
                result.Topics.Select(t => t.Label).ToHashSet(),
                result.TopicScores,
                row.Countries.ToHashSet(),
                result.Countries.Select(c => c.Code).ToHashSet(),
                row.Primary,
                result.PrimaryCountry));
        }
        return EvaluationReport.Create(split, tagger.Labels, scored, failed);
    }

    /// <summary>
    /// Refuses data whose labels share nothing with the model's (the figures would be zeros that mean nothing), and lists
    /// data labels the model does not know (they are left out of the scores).
    /// </summary>
    public static IReadOnlyList<string> CheckLabels(NewsTagger tagger, IReadOnlyList<LabeledStory> rows, string path)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        var dataLabels = rows.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal).ToList();
        var known = tagger.Labels.ToHashSet(StringComparer.Ordinal);
        var unknown = dataLabels.Where(l => !known.Contains(l)).ToList();
        if (dataLabels.Count > 0 && unknown.Count == dataLabels.Count)
        {
            throw DatasetException.LabelsDoNotMatchModel(path, dataLabels, tagger.Labels);
        }
        return unknown;
    }
}
