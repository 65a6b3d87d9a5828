using NewsClassifier.Training.Evaluation;

namespace NewsClassifier.Training.Topics;

/// <summary>Chooses, per label, the probability above which the label is assigned, by F1 on held-out stories.</summary>
public static class ThresholdTuner
{
    /// <summary>The threshold used for a label with no positive example to tune on.</summary>
    public const float Default = 0.5f;

    /// <summary>Returns one threshold per label: the grid point with the best F1, the one nearest 0.5 among ties.</summary>
    public static float[] Tune(IReadOnlyList<float[]> probabilities, IReadOnlyList<bool[]> truth, int labelCount)
    {
        var thresholds = new float[labelCount];
        for (var k = 0; k < labelCount; k++)
        {
            var positives = truth.Count(t => t[k]);
            if (positives == 0)
            {
                thresholds[k] = Default;
                continue;
            }
            var bestF1 = -1.0;
            var best = Default;
            for (var step = 5; step <= 95; step++)
            {
                var threshold = step / 100f;
                int tp = 0, fp = 0, fn = 0;
                for (var i = 0; i < probabilities.Count; i++)
                {
                    var p = probabilities[i][k] >= threshold;
                    tp += p && truth[i][k] ? 1 : 0;
                    fp += p && !truth[i][k] ? 1 : 0;
                    fn += !p && truth[i][k] ? 1 : 0;
                }
                var f1 = Metrics.F1(tp, fp, fn);
                if (f1 > bestF1 + 1e-9 || (Math.Abs(f1 - bestF1) <= 1e-9 && Math.Abs(threshold - 0.5f) < Math.Abs(best - 0.5f)))
                {
                    bestF1 = f1;
                    best = threshold;
                }
            }
            thresholds[k] = best;
        }
        return thresholds;
    }
}
