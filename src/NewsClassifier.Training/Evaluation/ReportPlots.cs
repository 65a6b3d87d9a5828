using System.Globalization;
using ScottPlot;

namespace NewsClassifier.Training.Evaluation;

/// <summary>
/// The PNG plots of an evaluation report (ScottPlot), each readable for 4 labels and for 90: per-label bars grow the
/// image instead of shrinking the text, curves are drawn only for the largest labels, and every figure shows counts.
/// </summary>
internal static class ReportPlots
{
    private const int Width = 900;
    private const int MinHeight = 420;
    private const int RowHeight = 22;
    private const int MaxCurves = 8;
    private const int MaxLabelsWithNumbers = 30;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Per label: true positives, misses and false alarms as stacked bars, largest label first, with F1 and support.</summary>
    public static void Outcomes(EvaluationReport report, string path)
    {
        var perLabel = report.Topics.PerLabel.OrderByDescending(l => l.Support).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var plot = new Plot();
        var correct = new List<Bar>();
        var missed = new List<Bar>();
        var wrong = new List<Bar>();
        for (var i = 0; i < perLabel.Count; i++)
        {
            var l = perLabel[i];
            double y = perLabel.Count - 1 - i;
            correct.Add(new Bar { Position = y, ValueBase = 0, Value = l.TruePositives, FillColor = Colors.SeaGreen });
            missed.Add(new Bar { Position = y, ValueBase = l.TruePositives, Value = l.TruePositives + l.FalseNegatives, FillColor = Colors.Orange });
            wrong.Add(new Bar { Position = y, ValueBase = l.TruePositives + l.FalseNegatives, Value = l.TruePositives + l.FalseNegatives + l.FalsePositives, FillColor = Colors.Crimson });
        }
        foreach (var (bars, name, color) in new[] { (correct, "found (true positives)", Colors.SeaGreen), (missed, "missed (false negatives)", Colors.Orange), (wrong, "assigned wrongly (false positives)", Colors.Crimson) })
        {
            var series = plot.Add.Bars(bars);
            series.Horizontal = true;
            series.LegendText = name;
            series.Color = color;
        }
        var longest = perLabel.Count == 0 ? 1 : perLabel.Max(l => l.TruePositives + l.FalseNegatives + l.FalsePositives);
        if (perLabel.Count <= MaxLabelsWithNumbers)
        {
            for (var i = 0; i < perLabel.Count; i++)
            {
                var l = perLabel[i];
                var text = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $" F1 {l.F1:0.00}  ({l.TruePositives}/{l.Support} found, {l.FalsePositives} wrong)"), l.TruePositives + l.FalseNegatives + l.FalsePositives, perLabel.Count - 1 - i);
                text.LabelFontSize = 12;
                text.LabelAlignment = Alignment.MiddleLeft;
            }
        }
        var names = perLabel.Select(l => perLabel.Count > MaxLabelsWithNumbers ? string.Create(CultureInfo.InvariantCulture, $"{l.Label} (F1 {l.F1:0.00}, n={l.Support})") : l.Label).ToArray();
        plot.Axes.Left.SetTicks(Enumerable.Range(0, perLabel.Count).Select(i => (double)(perLabel.Count - 1 - i)).ToArray(), names);
        plot.Axes.SetLimits(0, longest * (perLabel.Count <= MaxLabelsWithNumbers ? 1.9 : 1.05), -0.7, perLabel.Count - 0.3);
        plot.Title($"Per-label outcomes on {report.Topics.Stories} stories (largest label first)");
        plot.XLabel("Stories");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, Width, Math.Max(MinHeight, 160 + RowHeight * perLabel.Count));
    }

    /// <summary>Precision against recall as the threshold sweeps, for all labels pooled and the largest labels; a dot marks where the model's thresholds put each.</summary>
    public static void PrecisionRecall(EvaluationReport report, string path)
    {
        var plot = new Plot();
        var largest = report.Labels.OrderByDescending(l => report.Stories.Count(s => s.TrueLabels.Contains(l))).ThenBy(l => l, StringComparer.Ordinal).Take(MaxCurves).ToList();
        var minPrecision = 1.0;
        var minRecall = 1.0;

        var (pooledRecall, pooledPrecision) = Curve(report, report.Labels);
        if (pooledRecall.Length > 0)
        {
            var pooled = plot.Add.Scatter(pooledRecall, pooledPrecision);
            pooled.LegendText = report.Labels.Count == 1 ? report.Labels[0] : "all labels pooled (micro)";
            pooled.MarkerSize = 0;
            pooled.LineWidth = 3;
            pooled.Color = Colors.Black;
            var micro = plot.Add.Marker(report.Topics.MicroRecall, report.Topics.MicroPrecision, MarkerShape.FilledCircle, 12, Colors.Black);
            micro.LegendText = "the model's thresholds";
            minPrecision = Math.Min(minPrecision, pooledPrecision.Min());
            minRecall = Math.Min(minRecall, pooledRecall.Min());
        }
        if (report.Labels.Count > 1)
        {
            for (var k = 0; k < largest.Count; k++)
            {
                var label = largest[k];
                var (recall, precision) = Curve(report, [label]);
                if (recall.Length == 0)
                {
                    continue;
                }
                var color = Palette.GetColor(k);
                var line = plot.Add.Scatter(recall, precision);
                var metrics = report.Topics.PerLabel.First(l => l.Label == label);
                line.LegendText = $"{label} (n={metrics.Support})";
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
                line.Color = color;
                plot.Add.Marker(metrics.Recall, metrics.Precision, MarkerShape.FilledCircle, 9, color);
                minPrecision = Math.Min(minPrecision, Math.Min(precision.Min(), metrics.Precision));
                minRecall = Math.Min(minRecall, Math.Min(recall.Min(), metrics.Recall));
            }
        }
        plot.Title(report.Labels.Count > MaxCurves
            ? $"Precision-recall: all {report.Labels.Count} labels pooled and the {MaxCurves} largest"
            : "Precision-recall per label");
        plot.XLabel("Recall");
        plot.YLabel("Precision");
        // Zoom to where the curves are, instead of leaving them in a corner of the unit square.
        plot.Axes.SetLimits(Math.Max(0, minRecall - 0.05), 1.01, Math.Max(0, minPrecision - 0.05), 1.01);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width + 250, 560);
    }

    /// <summary>Mean predicted probability against observed frequency per bin, each bin labelled with how many (story, label) pairs it holds.</summary>
    public static void Calibration(EvaluationReport report, string path)
    {
        var plot = new Plot();
        var ideal = plot.Add.Line(0, 0, 1, 1);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LegendText = "perfectly calibrated";
        ideal.Color = Colors.Gray;
        var bins = report.Calibration.Where(b => b.Count > 0).ToList();
        var curve = plot.Add.Scatter(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.Observed).ToArray());
        curve.LegendText = "model (label: pairs in the bin)";
        curve.MarkerSize = 8;
        curve.LineWidth = 1;
        curve.Color = Colors.Navy;
        foreach (var bin in bins)
        {
            var text = plot.Add.Text(bin.Count.ToString("N0", CultureInfo.InvariantCulture), bin.MeanPredicted, bin.Observed);
            text.LabelFontSize = 12;
            text.LabelAlignment = Alignment.LowerLeft;
            text.LabelFontColor = bin.Count < 20 ? Colors.Crimson : Colors.Black;
        }
        plot.Title($"Calibration over {bins.Sum(b => b.Count):N0} (story, label) pairs; red: fewer than 20 pairs, too few to judge");
        plot.XLabel("Mean predicted probability");
        plot.YLabel("Observed frequency");
        plot.Axes.SetLimits(-0.02, 1.1, -0.02, 1.1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, 600);
    }

    private static (double[] Recall, double[] Precision) Curve(EvaluationReport report, IReadOnlyList<string> labels)
    {
        var pairs = report.Stories.SelectMany(s => labels.Select(l => (Score: s.Scores.TryGetValue(l, out var p) ? p : 0f, Positive: s.TrueLabels.Contains(l)))).ToList();
        var positives = pairs.Count(p => p.Positive);
        var recall = new List<double>();
        var precision = new List<double>();
        if (positives == 0)
        {
            return ([], []);
        }
        for (var step = 1; step < 100; step++)
        {
            var t = step / 100f;
            var predicted = pairs.Where(p => p.Score >= t).ToList();
            if (predicted.Count == 0)
            {
                continue;
            }
            var tp = predicted.Count(p => p.Positive);
            recall.Add((double)tp / positives);
            precision.Add((double)tp / predicted.Count);
        }
        return (recall.ToArray(), precision.ToArray());
    }
}
