using ScottPlot;

namespace NewsClassifier.Training.Evaluation;

/// <summary>The PNG plots of an evaluation report (ScottPlot).</summary>
internal static class ReportPlots
{
    private const int Width = 800;
    private const int Height = 600;
    private const int MaxCurves = 12;

    /// <summary>Precision against recall as the threshold sweeps, one curve per label (the most frequent twelve).</summary>
    public static void PrecisionRecall(EvaluationReport report, string path)
    {
        var plot = new Plot();
        foreach (var label in report.Labels.OrderByDescending(l => report.Stories.Count(s => s.TrueLabels.Contains(l))).Take(MaxCurves))
        {
            var positives = report.Stories.Count(s => s.TrueLabels.Contains(label));
            if (positives == 0)
            {
                continue;
            }
            var recall = new List<double>();
            var precision = new List<double>();
            for (var step = 1; step < 100; step++)
            {
                var t = step / 100f;
                var predicted = report.Stories.Where(s => s.Scores.TryGetValue(label, out var p) && p >= t).ToList();
                if (predicted.Count == 0)
                {
                    continue;
                }
                var tp = predicted.Count(s => s.TrueLabels.Contains(label));
                recall.Add((double)tp / positives);
                precision.Add((double)tp / predicted.Count);
            }
            var line = plot.Add.Scatter(recall.ToArray(), precision.ToArray());
            line.LegendText = label;
            line.MarkerSize = 0;
        }
        plot.Title("Precision-recall per topic");
        plot.XLabel("Recall");
        plot.YLabel("Precision");
        plot.Axes.SetLimits(0, 1.02, 0, 1.02);
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Mean predicted probability against observed frequency, per bin.</summary>
    public static void Calibration(EvaluationReport report, string path)
    {
        var plot = new Plot();
        var ideal = plot.Add.Line(0, 0, 1, 1);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LegendText = "perfectly calibrated";
        var bins = report.Calibration.Where(b => b.Count > 0).ToList();
        var curve = plot.Add.Scatter(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.Observed).ToArray());
        curve.LegendText = "model";
        plot.Title("Calibration (reliability)");
        plot.XLabel("Mean predicted probability");
        plot.YLabel("Observed frequency");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The label co-occurrence matrix as a heatmap (rows true, columns predicted).</summary>
    public static void Confusion(EvaluationReport report, string path)
    {
        var n = report.Cooccurrence.GetLength(0);
        var shown = Math.Min(n, 21);
        var data = new double[shown, shown];
        for (var i = 0; i < shown; i++)
        {
            for (var j = 0; j < shown; j++)
            {
                data[i, j] = report.Cooccurrence[i == shown - 1 ? n - 1 : i, j == shown - 1 ? n - 1 : j];
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        var names = report.Labels.Take(shown - 1).Append("(none)").ToArray();
        var ticks = Enumerable.Range(0, shown).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Left.SetTicks(ticks.Select(t => (double)(shown - 1 - t)).ToArray(), names);
        plot.Title("Label co-occurrence: true (rows) vs predicted (columns)");
        plot.SavePng(path, Width, Height);
    }
}
