namespace NewsClassifier.Training.Evaluation;

/// <summary>Country tagging quality: micro-averaged over (story, country) pairs, and primary-country accuracy.</summary>
public sealed record CountryMetrics(int TruePositives, int FalsePositives, int FalseNegatives, int PrimaryCorrect, int PrimaryTotal)
{
    /// <summary>F1 over all (story, country) decisions pooled.</summary>
    public double MicroF1 => Metrics.F1(TruePositives, FalsePositives, FalseNegatives);

    /// <summary>Share of stories with a labelled primary whose predicted primary matches.</summary>
    public double PrimaryAccuracy => PrimaryTotal == 0 ? 0 : (double)PrimaryCorrect / PrimaryTotal;

    /// <summary>Scores predicted countries against labelled ones; stories without country labels are skipped.</summary>
    public static CountryMetrics Compute(IEnumerable<(IReadOnlyCollection<string> Truth, IReadOnlyCollection<string> Predicted, string? TruePrimary, string? PredictedPrimary)> stories)
    {
        int tp = 0, fp = 0, fn = 0, correct = 0, total = 0;
        foreach (var (truth, predicted, truePrimary, predictedPrimary) in stories)
        {
            if (truth.Count == 0)
            {
                continue;
            }
            tp += predicted.Count(truth.Contains);
            fp += predicted.Count(p => !truth.Contains(p));
            fn += truth.Count(t => !predicted.Contains(t));
            if (truePrimary is not null)
            {
                total++;
                correct += truePrimary == predictedPrimary ? 1 : 0;
            }
        }
        return new CountryMetrics(tp, fp, fn, correct, total);
    }

    /// <summary>The figures as a flat map, for the model card.</summary>
    public Dictionary<string, double> Summary() => new()
    {
        ["countryMicroF1"] = Math.Round(MicroF1, 4),
        ["primaryAccuracy"] = Math.Round(PrimaryAccuracy, 4),
        ["countryStories"] = PrimaryTotal,
    };
}
