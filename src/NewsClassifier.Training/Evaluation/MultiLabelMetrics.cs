namespace NewsClassifier.Training.Evaluation;

/// <summary>Precision, recall and F1 of one label.</summary>
public sealed record LabelMetrics(string Label, int Support, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Of the stories given the label, the share that have it.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? (FalseNegatives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Of the stories that have the label, the share given it.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? (FalsePositives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall (1 when the label is neither present nor predicted).</summary>
    public double F1 => Metrics.F1(TruePositives, FalsePositives, FalseNegatives);
}

/// <summary>F1 arithmetic shared by every evaluation.</summary>
public static class Metrics
{
    /// <summary>F1 from counts; a label that is neither present nor predicted scores 1.</summary>
    public static double F1(int tp, int fp, int fn) => tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
}

/// <summary>Multi-label classification quality over a set of stories.</summary>
public sealed record MultiLabelMetrics
{
    /// <summary>Per-label figures, in label order.</summary>
    public required IReadOnlyList<LabelMetrics> PerLabel { get; init; }

    /// <summary>F1 over all (story, label) decisions pooled.</summary>
    public required double MicroF1 { get; init; }

    /// <summary>The mean of the per-label F1 scores.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Pooled precision.</summary>
    public required double MicroPrecision { get; init; }

    /// <summary>Pooled recall.</summary>
    public required double MicroRecall { get; init; }

    /// <summary>Share of (story, label) decisions that are wrong.</summary>
    public required double HammingLoss { get; init; }

    /// <summary>Share of stories whose predicted label set equals the true set.</summary>
    public required double ExactMatch { get; init; }

    /// <summary>Of the stories with no true label, the share predicted with none ("none" recall).</summary>
    public required double NoneAccuracy { get; init; }

    /// <summary>Precision, recall and F1 of "none" as if it were a label.</summary>
    public required LabelMetrics None { get; init; }

    /// <summary>How many stories were scored.</summary>
    public required int Stories { get; init; }

    /// <summary>Computes the metrics from true and predicted label sets.</summary>
    public static MultiLabelMetrics Compute(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyCollection<string>> truth, IReadOnlyList<IReadOnlyCollection<string>> predicted)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true label sets but {predicted.Count} predictions.", nameof(predicted));
        }
        var perLabel = new List<LabelMetrics>(labels.Count);
        int tpAll = 0, fpAll = 0, fnAll = 0;
        foreach (var label in labels)
        {
            int tp = 0, fp = 0, fn = 0, support = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var t = truth[i].Contains(label);
                var p = predicted[i].Contains(label);
                support += t ? 1 : 0;
                tp += t && p ? 1 : 0;
                fp += !t && p ? 1 : 0;
                fn += t && !p ? 1 : 0;
            }
            perLabel.Add(new LabelMetrics(label, support, tp, fp, fn));
            tpAll += tp;
            fpAll += fp;
            fnAll += fn;
        }
        int noneTp = 0, noneFp = 0, noneFn = 0, noneSupport = 0, exact = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var tNone = !truth[i].Any(labels.Contains);
            var pNone = !predicted[i].Any(labels.Contains);
            noneSupport += tNone ? 1 : 0;
            noneTp += tNone && pNone ? 1 : 0;
            noneFp += !tNone && pNone ? 1 : 0;
            noneFn += tNone && !pNone ? 1 : 0;
            exact += labels.All(l => truth[i].Contains(l) == predicted[i].Contains(l)) ? 1 : 0;
        }
        var decisions = Math.Max(1, truth.Count * labels.Count);
        return new MultiLabelMetrics
        {
            PerLabel = perLabel,
            MicroF1 = Metrics.F1(tpAll, fpAll, fnAll),
            MacroF1 = perLabel.Count == 0 ? 0 : perLabel.Average(l => l.F1),
            MicroPrecision = tpAll + fpAll == 0 ? 0 : (double)tpAll / (tpAll + fpAll),
            MicroRecall = tpAll + fnAll == 0 ? 0 : (double)tpAll / (tpAll + fnAll),
            HammingLoss = (double)(fpAll + fnAll) / decisions,
            ExactMatch = truth.Count == 0 ? 0 : (double)exact / truth.Count,
            NoneAccuracy = noneSupport == 0 ? 1 : (double)noneTp / noneSupport,
            None = new LabelMetrics("(none)", noneSupport, noneTp, noneFp, noneFn),
            Stories = truth.Count,
        };
    }

    /// <summary>The headline figures as a flat map, for the model card.</summary>
    public Dictionary<string, double> Summary()
    {
        var summary = new Dictionary<string, double>
        {
            ["microF1"] = Math.Round(MicroF1, 4),
            ["macroF1"] = Math.Round(MacroF1, 4),
            ["microPrecision"] = Math.Round(MicroPrecision, 4),
            ["microRecall"] = Math.Round(MicroRecall, 4),
            ["hammingLoss"] = Math.Round(HammingLoss, 4),
            ["exactMatch"] = Math.Round(ExactMatch, 4),
            ["noneAccuracy"] = Math.Round(NoneAccuracy, 4),
            ["stories"] = Stories,
        };
        foreach (var l in PerLabel)
        {
            summary[$"f1.{l.Label}"] = Math.Round(l.F1, 4);
        }
        return summary;
    }
}
