using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NewsClassifier.Training.Evaluation;

/// <summary>One scored story: what it has and what the tagger said.</summary>
public sealed record ScoredStory(
    string Id,
    IReadOnlyCollection<string> TrueLabels,
    IReadOnlyCollection<string> PredictedLabels,
    IReadOnlyDictionary<string, float> Scores,
    IReadOnlyCollection<string> TrueCountries,
    IReadOnlyCollection<string> PredictedCountries,
    string? TruePrimary,
    string? PredictedPrimary);

/// <summary>Which model an evaluation scored: named in the report so two reports can never be mistaken for each other.</summary>
/// <param name="Sha256">The SHA-256 of the topic model file, as its card records it.</param>
public sealed record EvaluatedModel(string Name, string Folder, string Trainer, string CreatedUtc, string Sha256);

/// <summary>Everything 'newsclf evaluate' measures, and the files it writes.</summary>
public sealed class EvaluationReport
{
    private const int CalibrationBins = 10;

    private EvaluationReport(string split, IReadOnlyList<string> labels, IReadOnlyList<ScoredStory> stories, int failed)
    {
        Split = split;
        Labels = labels;
        Stories = stories;
        Failed = failed;
        Topics = MultiLabelMetrics.Compute(labels, stories.Select(s => s.TrueLabels).ToList(), stories.Select(s => s.PredictedLabels).ToList());
        Countries = CountryMetrics.Compute(stories.Select(s => (s.TrueCountries, s.PredictedCountries, s.TruePrimary, s.PredictedPrimary)));
        Calibration = Calibrate(labels, stories);
        Cooccurrence = Confusion(labels, stories);
    }

    /// <summary>The split that was evaluated.</summary>
    public string Split { get; }

    /// <summary>The model's labels.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The scored stories.</summary>
    public IReadOnlyList<ScoredStory> Stories { get; }

    /// <summary>Stories the tagger returned an error for.</summary>
    public int Failed { get; }

    /// <summary>Topic metrics.</summary>
    public MultiLabelMetrics Topics { get; }

    /// <summary>Country metrics (zero stories when the data has no country labels).</summary>
    public CountryMetrics Countries { get; }

    /// <summary>Reliability bins over every (story, label) probability: mean predicted, observed rate, count.</summary>
    public IReadOnlyList<(double MeanPredicted, double Observed, int Count)> Calibration { get; }

    /// <summary>Rows: true label (or "(none)"); columns: predicted label (or "(none)"); counts of stories.</summary>
    public int[,] Cooccurrence { get; }

    /// <summary>Scores a set of stories.</summary>
    public static EvaluationReport Create(string split, IReadOnlyList<string> labels, IReadOnlyList<ScoredStory> stories, int failed) =>
        new(split, labels, stories, failed);

    /// <summary>The headline numbers as one JSON object (what --format json prints), naming the model when given.</summary>
    public string ToJson(EvaluatedModel? model = null)
    {
        var perLabel = Topics.PerLabel.ToDictionary(l => l.Label, l => new
        {
            precision = Math.Round(l.Precision, 4),
            recall = Math.Round(l.Recall, 4),
            f1 = Math.Round(l.F1, 4),
            support = l.Support,
        });
        var document = new
        {
            model = model is null ? null : new { name = model.Name, folder = model.Folder, trainer = model.Trainer, created = model.CreatedUtc, sha256 = model.Sha256 },
            split = Split,
            stories = Topics.Stories,
            failed = Failed,
            microF1 = Math.Round(Topics.MicroF1, 4),
            macroF1 = Math.Round(Topics.MacroF1, 4),
            microPrecision = Math.Round(Topics.MicroPrecision, 4),
            microRecall = Math.Round(Topics.MicroRecall, 4),
            hammingLoss = Math.Round(Topics.HammingLoss, 4),
            exactMatch = Math.Round(Topics.ExactMatch, 4),
            noneAccuracy = Math.Round(Topics.NoneAccuracy, 4),
            none = new { precision = Math.Round(Topics.None.Precision, 4), recall = Math.Round(Topics.None.Recall, 4), f1 = Math.Round(Topics.None.F1, 4), support = Topics.None.Support },
            countryMicroF1 = Countries.PrimaryTotal == 0 && Countries.TruePositives + Countries.FalseNegatives == 0 ? (double?)null : Math.Round(Countries.MicroF1, 4),
            primaryAccuracy = Countries.PrimaryTotal == 0 ? (double?)null : Math.Round(Countries.PrimaryAccuracy, 4),
            countryStories = Countries.PrimaryTotal,
            perLabel,
            calibration = Calibration.Select(b => new { meanPredicted = Math.Round(b.MeanPredicted, 4), observed = Math.Round(b.Observed, 4), count = b.Count }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
    }

    /// <summary>Writes metrics.json, report.md and the PNG plots into <paramref name="folder"/>.</summary>
    public void WriteTo(string folder, string title, EvaluatedModel? model = null)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "metrics.json"), ToJson(model) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), ToMarkdown(title, model));
        ReportPlots.PrecisionRecall(this, Path.Combine(folder, "precision-recall.png"));
        ReportPlots.Calibration(this, Path.Combine(folder, "calibration.png"));
        ReportPlots.Outcomes(this, Path.Combine(folder, "outcomes.png"));
    }

    /// <summary>A Markdown report for people.</summary>
    public string ToMarkdown(string title, EvaluatedModel? model = null)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(ci, $"# {title}").AppendLine();
        if (model is not null)
        {
            md.AppendLine(ci, $"Model `{model.Name}` ({model.Trainer}, trained {model.CreatedUtc}) from `{model.Folder}`; topic model SHA-256 `{model.Sha256}`.").AppendLine();
        }
        md.AppendLine(ci, $"Split `{Split}`: {Topics.Stories} stories scored, {Failed} failed.").AppendLine();
        md.AppendLine("| metric | value |").AppendLine("| --- | ---: |");
        md.AppendLine(ci, $"| micro-F1 | {Topics.MicroF1:0.000} |");
        md.AppendLine(ci, $"| macro-F1 | {Topics.MacroF1:0.000} |");
        md.AppendLine(ci, $"| accuracy on \"none\" | {Topics.NoneAccuracy:0.000} ({Topics.None.Support} stories) |");
        md.AppendLine(ci, $"| exact match | {Topics.ExactMatch:0.000} |");
        md.AppendLine(ci, $"| Hamming loss | {Topics.HammingLoss:0.0000} |");
        if (Countries.PrimaryTotal > 0)
        {
            md.AppendLine(ci, $"| country micro-F1 | {Countries.MicroF1:0.000} |");
            md.AppendLine(ci, $"| primary-country accuracy | {Countries.PrimaryAccuracy:0.000} ({Countries.PrimaryTotal} stories) |");
        }
        md.AppendLine().AppendLine("## Per label").AppendLine();
        md.AppendLine("| label | precision | recall | F1 | support |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var l in Topics.PerLabel)
        {
            md.AppendLine(ci, $"| {l.Label} | {l.Precision:0.000} | {l.Recall:0.000} | {l.F1:0.000} | {l.Support} |");
        }
        if (Labels.Count <= 12)
        {
            md.AppendLine().AppendLine("## Label co-occurrence (rows: true, columns: predicted; a story with two labels counts in several cells, so this is not a confusion matrix)").AppendLine();
            var names = Labels.Append("(none)").ToList();
            md.AppendLine("| true \\ predicted | " + string.Join(" | ", names) + " |");
            md.AppendLine("| --- |" + string.Concat(names.Select(_ => " ---: |")));
            for (var i = 0; i < names.Count; i++)
            {
                md.Append(ci, $"| {names[i]} |");
                for (var j = 0; j < names.Count; j++)
                {
                    md.Append(ci, $" {Cooccurrence[i, j]} |");
                }
                md.AppendLine();
            }
        }
        md.AppendLine().AppendLine("## Calibration").AppendLine();
        md.AppendLine("| bin | mean predicted | observed | pairs |").AppendLine("| --- | ---: | ---: | ---: |");
        for (var b = 0; b < Calibration.Count; b++)
        {
            var bin = Calibration[b];
            md.AppendLine(ci, $"| {b / (double)CalibrationBins:0.0}-{(b + 1) / (double)CalibrationBins:0.0} | {bin.MeanPredicted:0.000} | {bin.Observed:0.000} | {bin.Count} |");
        }
        md.AppendLine().AppendLine("Plots: `outcomes.png` (per label: found, missed, assigned wrongly), `precision-recall.png` (with the model's operating points), `calibration.png` (with the pairs in each bin).");
        return md.ToString();
    }

    private static List<(double, double, int)> Calibrate(IReadOnlyList<string> labels, IReadOnlyList<ScoredStory> stories)
    {
        var sums = new double[CalibrationBins];
        var hits = new int[CalibrationBins];
        var counts = new int[CalibrationBins];
        foreach (var story in stories)
        {
            foreach (var label in labels)
            {
                if (!story.Scores.TryGetValue(label, out var p))
                {
                    continue;
                }
                var bin = Math.Min(CalibrationBins - 1, (int)(p * CalibrationBins));
                sums[bin] += p;
                counts[bin]++;
                hits[bin] += story.TrueLabels.Contains(label) ? 1 : 0;
            }
        }
        return Enumerable.Range(0, CalibrationBins)
            .Select(b => (counts[b] == 0 ? 0 : sums[b] / counts[b], counts[b] == 0 ? 0 : (double)hits[b] / counts[b], counts[b]))
            .ToList();
    }

    private static int[,] Confusion(IReadOnlyList<string> labels, IReadOnlyList<ScoredStory> stories)
    {
        var n = labels.Count + 1;
        var matrix = new int[n, n];
        foreach (var story in stories)
        {
            var truth = labels.Select((l, i) => (l, i)).Where(x => story.TrueLabels.Contains(x.l)).Select(x => x.i).DefaultIfEmpty(n - 1).ToList();
            var predicted = labels.Select((l, i) => (l, i)).Where(x => story.PredictedLabels.Contains(x.l)).Select(x => x.i).DefaultIfEmpty(n - 1).ToList();
            foreach (var t in truth)
            {
                foreach (var p in predicted)
                {
                    matrix[t, p]++;
                }
            }
        }
        return matrix;
    }
}
