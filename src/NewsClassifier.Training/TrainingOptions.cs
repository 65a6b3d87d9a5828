using NewsClassifier.Training.Data;
using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training;

/// <summary>Everything 'newsclf train' can be told.</summary>
public sealed record TrainingOptions
{
    /// <summary>The labelled JSONL or CSV file.</summary>
    public required string DataPath { get; init; }

    /// <summary>How many times each training row of <see cref="DataPath"/> counts (its rows are repeated).</summary>
    public int DataWeight { get; init; } = 1;

    /// <summary>Further labelled files, read after <see cref="DataPath"/>; a story id seen again replaces the earlier row (an editor's correction supersedes the corpus).</summary>
    public IReadOnlyList<WeightedDataFile> MoreData { get; init; } = [];

    /// <summary>The model folder to write.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Which fields hold what.</summary>
    public DatasetSchema Schema { get; init; } = new();

    /// <summary>The label set; null takes every label seen in the training rows.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Keep only labels that occur in both the train and the test split (the usual Reuters "R90" protocol).</summary>
    public bool LabelsInBothSplits { get; init; }

    /// <summary>The learner; null compares all of them by cross-validation and keeps the best.</summary>
    public TrainerKind? Trainer { get; init; }

    /// <summary>How text becomes features.</summary>
    public TopicFeaturization Featurization { get; init; } = new();

    /// <summary>The seed for every random choice.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Folds for model selection and, when there is no validation split, threshold tuning.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>A label needs at least this many training stories.</summary>
    public int MinExamples { get; init; } = 3;

    /// <summary>What to do with rows that cannot be read: refuse the data (default) or leave them out and log them.</summary>
    public BadRowHandling BadRows { get; init; } = BadRowHandling.Refuse;

    /// <summary>Replace an existing model even when the new one scores lower on the test split.</summary>
    public bool Force { get; init; }

    /// <summary>Checks the options; the message names the offending value.</summary>
    public TrainingOptions Validate()
    {
        if (Folds is < 2 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, $"Folds must be between 2 and 10, not {Folds}.");
        }
        if (MinExamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinExamples), MinExamples, $"MinExamples must be at least 1, not {MinExamples}.");
        }
        foreach (var (path, weight) in MoreData.Select(d => (d.Path, d.Weight)).Prepend((DataPath, DataWeight)))
        {
            if (weight is < 1 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(MoreData), weight, $"the weight of {path} must be a whole number from 1 to 100, not {weight}.");
            }
        }
        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw new ArgumentException("OutputFolder must name a folder.", nameof(OutputFolder));
        }
        return this;
    }
}

/// <summary>A labelled file and how many times each of its training rows counts.</summary>
public sealed record WeightedDataFile(string Path, int Weight = 1);
