namespace NewsClassifier.Training.Topics;

/// <summary>The binary learners a topic model can be built from, one per label.</summary>
public enum TrainerKind
{
    /// <summary>Logistic regression fitted by stochastic dual coordinate ascent.</summary>
    SdcaLogisticRegression,

    /// <summary>Logistic regression fitted by L-BFGS.</summary>
    LbfgsLogisticRegression,

    /// <summary>A linear support vector machine, Platt-calibrated.</summary>
    LinearSvm,

    /// <summary>Gradient-boosted trees (ML.NET FastTree).</summary>
    FastTree,

    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    LightGbm,
}

/// <summary>Names for the command line.</summary>
public static class TrainerNames
{
    /// <summary>Short name to kind: sdca, lbfgs, svm, fasttree, lightgbm.</summary>
    public static readonly IReadOnlyDictionary<string, TrainerKind> ByShortName = new Dictionary<string, TrainerKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["sdca"] = TrainerKind.SdcaLogisticRegression,
        ["lbfgs"] = TrainerKind.LbfgsLogisticRegression,
        ["svm"] = TrainerKind.LinearSvm,
        ["fasttree"] = TrainerKind.FastTree,
        ["lightgbm"] = TrainerKind.LightGbm,
    };
}
