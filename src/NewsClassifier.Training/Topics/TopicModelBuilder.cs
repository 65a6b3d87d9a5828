using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using NewsClassifier.Modeling;
using NewsClassifier.Training.Data;

namespace NewsClassifier.Training.Topics;

/// <summary>
/// Builds a one-vs-rest topic model: one shared text featuriser, then one calibrated binary learner per
/// label, saved as a single ML.NET chain whose "Probabilities" column carries one slot per label.
/// </summary>
/// <param name="embeddings">The story embeddings; required when <paramref name="featurization"/> names an embedding model.</param>
public sealed class TopicModelBuilder(TrainerKind trainer, TopicFeaturization featurization, int seed, StoryEmbeddings? embeddings = null)
{
    private const string TitleFeatures = "TitleFeatures";
    private const string TextFeatures = "TextFeatures";
    private const string LexiconScaled = "LexiconScaled";
    private const string Targets = "Targets";

    private readonly MLContext _ml = new(seed);

    /// <summary>The ML.NET context the model was built in; use it to save the model.</summary>
    public MLContext Context => _ml;

    /// <summary>Fits the featuriser and one learner per label on <paramref name="rows"/>.</summary>
    public ITransformer Fit(IReadOnlyList<LabeledStory> rows, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        var data = TrainingView(rows, labels);
        var featurizer = FeaturizerEstimator().Fit(data);
        var featurized = _ml.Data.Cache(featurizer.Transform(data));

        var chain = new List<ITransformer> { featurizer };
        IDataView current = featurized;
        var probabilityColumns = new List<string>(labels.Count);
        for (var k = 0; k < labels.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var labelled = WithLabel(featurized, labels.Count, k);
            var model = LearnerFor(k).Fit(labelled);
            chain.Add(model);
            var scored = model.Transform(current);
            if (NeedsCalibration)
            {
                var calibrator = _ml.BinaryClassification.Calibrators.Platt(Columns.Label).Fit(model.Transform(labelled));
                chain.Add(calibrator);
                scored = calibrator.Transform(scored);
            }
            var column = Columns.ProbabilityOf(labels[k]);
            var copy = _ml.Transforms.CopyColumns(column, Columns.Probability).Fit(scored);
            chain.Add(copy);
            current = copy.Transform(scored);
            probabilityColumns.Add(column);
        }
        var concat = _ml.Transforms.Concatenate(Columns.Probabilities, probabilityColumns.ToArray()).Fit(current);
        chain.Add(concat);
        return new TransformerChain<ITransformer>(chain.ToArray());
    }

    /// <summary>Saves a fitted model with the inference input schema.</summary>
    public void Save(ITransformer model, string path) =>
        _ml.Model.Save(model, InferenceView([]).Schema, path);

    /// <summary>Runs a fitted model over rows: one probability array per row, in label order.</summary>
    public float[][] Predict(ITransformer model, IReadOnlyList<LabeledStory> rows)
    {
        var scored = model.Transform(InferenceView(rows));
        return _ml.Data.CreateEnumerable<TopicOutput>(scored, reuseRowObject: false).Select(o => o.Probabilities).ToArray();
    }

    private bool NeedsCalibration => trainer == TrainerKind.LinearSvm;

    private IDataView TrainingView(IReadOnlyList<LabeledStory> rows, IReadOnlyList<string> labels)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var items = rows.Select(r =>
        {
            var targets = new float[labels.Count];
            foreach (var label in r.Labels)
            {
                if (index.TryGetValue(label, out var i))
                {
                    targets[i] = 1f;
                }
            }
            var input = InputOf(r);
            return new TrainingRow { Title = input.Title, Text = input.Text, Lexicon = input.Lexicon, Embedding = input.Embedding, Targets = targets };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[Targets].ColumnType = new VectorDataViewType(NumberDataViewType.Single, labels.Count);
        return _ml.Data.LoadFromEnumerable(items, definition);
    }

    private IDataView InferenceView(IReadOnlyList<LabeledStory> rows)
    {
        var items = rows.Select(InputOf).ToList();
        return _ml.Data.LoadFromEnumerable(items);
    }

    /// <summary>A story as the model sees it, through the same normalise-and-featurise entry point the tagger uses.</summary>
    internal TopicInput InputOf(LabeledStory row)
    {
        var input = StoryFeatures.ForTopics(row.Title, row.Text, featurization.UseLexicon);
        input.Embedding = EmbeddingOf(row);
        return input;
    }

    // [embed] accurate mode: the story's sentence embedding, or the zero vector the fast model never reads.
    private float[] EmbeddingOf(LabeledStory row)
    {
        if (featurization.Embeddings is null)
        {
            return TopicInput.NoEmbedding;
        }
        return (embeddings ?? throw new InvalidOperationException($"The featurisation names the embedding model '{featurization.Embeddings}' but no embeddings were given to the builder.")).Of(row.Title, row.Text);
    }

    private IDataView WithLabel(IDataView featurized, int labelCount, int k)
    {
        var input = SchemaDefinition.Create(typeof(TargetsRow));
        input[Targets].ColumnType = new VectorDataViewType(NumberDataViewType.Single, labelCount);
        var mapping = _ml.Transforms.CustomMapping<TargetsRow, LabelRow>((src, dst) => dst.Label = src.Targets[k] > 0.5f, contractName: null, inputSchemaDefinition: input);
        return mapping.Fit(featurized).Transform(featurized);
    }

    private WordBagEstimator.Options WordBag() => new()
    {
        NgramLength = featurization.WordNgrams,
        UseAllLengths = true,
        Weighting = featurization.TfIdf ? NgramExtractingEstimator.WeightingCriteria.TfIdf : NgramExtractingEstimator.WeightingCriteria.Tf,
    };

    private IEstimator<ITransformer> FeaturizerEstimator()
    {
        var title = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = false,
            KeepNumbers = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = WordBag(),
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var text = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = false,
            KeepNumbers = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = WordBag(),
            CharFeatureExtractor = featurization.UseCharGrams ? new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false } : null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        IEstimator<ITransformer> estimator = _ml.Transforms.Text.FeaturizeText(TitleFeatures, title, Columns.Title)
            .Append(_ml.Transforms.Text.FeaturizeText(TextFeatures, text, Columns.Text));
        var parts = new List<string> { TitleFeatures, TextFeatures };
        if (featurization.UseLexicon)
        {
            estimator = estimator.Append(_ml.Transforms.NormalizeMinMax(LexiconScaled, Columns.Lexicon));
            parts.Add(LexiconScaled);
        }
        if (featurization.Embeddings is not null)
        {
            parts.Add(Columns.Embedding); // [embed] accurate mode: already L2-normalised, like the TF-IDF parts
        }
        estimator = estimator.Append(_ml.Transforms.Concatenate(Columns.Features, parts.ToArray()));
        if (featurization.MinDocuments > 1)
        {
            estimator = estimator.Append(_ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(Columns.Features, count: featurization.MinDocuments));
        }
        return estimator;
    }

    /// <summary>
    /// Trees cannot afford the whole sparse vocabulary (FastTree ran for minutes on it), so each tree learner
    /// first keeps the slots with the most mutual information with its own label, in a column of its own.
    /// </summary>
    private IEstimator<ITransformer> LearnerFor(int label)
    {
        if (trainer is not (TrainerKind.FastTree or TrainerKind.LightGbm))
        {
            return Learner(Columns.Features);
        }
        var selected = $"TreeFeatures{label}";
        return _ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(selected, Columns.Features, Columns.Label, TreeFeatureSlots)
            .Append(Learner(selected));
    }

    private const int TreeFeatureSlots = 2000;

    // Hyper-parameters live here once: the learners use them and the model card reports them.
    private const int SdcaIterations = 50;
    private const float SdcaL2 = 1e-4f;
    private const float LbfgsL2 = 0.1f;
    private const int SvmIterations = 20;
    private const float SvmLambda = 1e-4f;
    private const int TreeCount = 100;
    private const int TreeLeaves = 16;
    private const int TreeMinimumLeafExamples = 5;
    private const double TreeLearningRate = 0.1;

    private IEstimator<ITransformer> Learner(string features) => trainer switch
    {
        TrainerKind.SdcaLogisticRegression => _ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = Columns.Label,
            FeatureColumnName = features,
            NumberOfThreads = 1, // one thread: the same data and seed give the same model
            MaximumNumberOfIterations = SdcaIterations,
            L2Regularization = SdcaL2,
        }),
        TrainerKind.LbfgsLogisticRegression => _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = Columns.Label,
            FeatureColumnName = features,
            NumberOfThreads = 1,
            L1Regularization = 0f,
            L2Regularization = LbfgsL2,
        }),
        TrainerKind.LinearSvm => _ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
        {
            LabelColumnName = Columns.Label,
            FeatureColumnName = features,
            NumberOfIterations = SvmIterations,
            Lambda = SvmLambda,
        }),
        TrainerKind.FastTree => _ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = Columns.Label,
            FeatureColumnName = features,
            NumberOfTrees = TreeCount,
            NumberOfLeaves = TreeLeaves,
            MinimumExampleCountPerLeaf = TreeMinimumLeafExamples,
            LearningRate = TreeLearningRate,
            NumberOfThreads = 1,
            Seed = seed,
        }),
        TrainerKind.LightGbm => _ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = Columns.Label,
            FeatureColumnName = features,
            NumberOfIterations = TreeCount,
            NumberOfLeaves = TreeLeaves,
            MinimumExampleCountPerLeaf = TreeMinimumLeafExamples,
            LearningRate = TreeLearningRate,
            NumberOfThreads = 1,
            Seed = seed,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };

    /// <summary>The hyper-parameters of the chosen learner, for the model card.</summary>
    public IReadOnlyDictionary<string, string> DescribeLearner()
    {
        static string S(double value) => value.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
        return trainer switch
        {
            TrainerKind.SdcaLogisticRegression => new Dictionary<string, string> { ["maximumNumberOfIterations"] = S(SdcaIterations), ["l2Regularization"] = S(SdcaL2), ["threads"] = "1" },
            TrainerKind.LbfgsLogisticRegression => new Dictionary<string, string> { ["l1Regularization"] = "0", ["l2Regularization"] = S(LbfgsL2), ["threads"] = "1" },
            TrainerKind.LinearSvm => new Dictionary<string, string> { ["numberOfIterations"] = S(SvmIterations), ["lambda"] = S(SvmLambda), ["calibration"] = "Platt" },
            _ => new Dictionary<string, string>
            {
                ["numberOfTrees"] = S(TreeCount),
                ["numberOfLeaves"] = S(TreeLeaves),
                ["minimumExampleCountPerLeaf"] = S(TreeMinimumLeafExamples),
                ["learningRate"] = S(TreeLearningRate),
                ["featureSlots"] = $"{TreeFeatureSlots} by mutual information",
            },
        };
    }

    private sealed class TrainingRow
    {
        public string Title { get; set; } = "";
        public string Text { get; set; } = "";

        [VectorType(TopicInput.LexiconSize)]
        public float[] Lexicon { get; set; } = [];

        [VectorType(TopicInput.EmbeddingSize)]
        public float[] Embedding { get; set; } = [];

        public float[] Targets { get; set; } = [];
    }

    private sealed class TargetsRow
    {
        public float[] Targets { get; set; } = [];
    }

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}
