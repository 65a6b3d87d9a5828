using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

using NewsClassifier.Modeling;

namespace NewsClassifier.Internal.Models;

/// <summary>A verified model folder: the card, the topic model and, when present, the country models.</summary>
internal sealed class ModelBundle
{
    private ModelBundle(string folder, ModelCard card, MLContext ml, ITransformer topics, IReadOnlyList<string> labels,
        ITransformer? about, ITransformer? primary)
    {
        Folder = folder;
        Card = card;
        Labels = labels;
        if (TopicScorer.TrySplit(ml, topics, TopicInputSchema.Value) is { } split)
        {
            ScoreTopics = split.Predict;
        }
        else
        {
            var whole = new EnginePool<TopicInput, TopicOutput>(ml, topics);
            ScoreTopics = input => whole.Predict(input).Probabilities;
        }
        if (about is not null && primary is not null)
        {
            About = new EnginePool<CountryRow, CountryPrediction>(ml, about);
            Primary = new EnginePool<CountryRow, CountryPrediction>(ml, primary);
        }
    }

    public string Folder { get; }

    public ModelCard Card { get; }

    /// <summary>The labels in the order of the topic model's output, read from the model's own schema.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The probability of every label for one story, in <see cref="Labels"/> order; safe from many threads.</summary>
    public Func<TopicInput, float[]> ScoreTopics { get; }

    public EnginePool<CountryRow, CountryPrediction>? About { get; }

    public EnginePool<CountryRow, CountryPrediction>? Primary { get; }

    /// <summary>Reads and verifies a model folder; throws <see cref="ModelLoadException"/> with what to do when it cannot be trusted.</summary>
    public static ModelBundle Load(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw ModelLoadException.FolderMissing(folder);
        }
        var cardPath = Path.Combine(full, ModelCard.FileName);
        if (!File.Exists(cardPath))
        {
            throw ModelLoadException.CardMissing(folder);
        }
        ModelCard card;
        try
        {
            card = ModelCard.FromJson(File.ReadAllText(cardPath));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ModelLoadException.CardUnreadable(cardPath, ex);
        }
        if (card.SchemaVersion != ModelCard.CurrentSchemaVersion)
        {
            throw ModelLoadException.WrongSchema(folder, card.SchemaVersion);
        }
        VerifyChecksums(full, card);

        var ml = new MLContext(seed: card.Seed);
        var topics = LoadModel(ml, Path.Combine(full, card.TopicModelFile));
        var labels = ReadLabels(topics, Path.Combine(full, card.TopicModelFile));
        if (!labels.SequenceEqual(card.Labels))
        {
            throw ModelLoadException.LabelsDisagree(card.TopicModelFile,
                $"the model predicts [{string.Join(", ", labels)}] but the card lists [{string.Join(", ", card.Labels)}]");
        }
        ITransformer? about = null, primary = null;
        if (card.CountryModel is { } countries)
        {
            about = LoadModel(ml, Path.Combine(full, countries.AboutFile));
            primary = LoadModel(ml, Path.Combine(full, countries.PrimaryFile));
        }
        return new ModelBundle(full, card, ml, topics, labels, about, primary);
    }

    /// <summary>The SHA-256 of a file as lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void VerifyChecksums(string folder, ModelCard card)
    {
        var required = new List<string> { card.TopicModelFile };
        if (card.CountryModel is { } c)
        {
            required.Add(c.AboutFile);
            required.Add(c.PrimaryFile);
        }
        foreach (var file in required)
        {
            if (!card.Files.ContainsKey(file))
            {
                throw ModelLoadException.LabelsDisagree(file, "the card has no checksum for it");
            }
        }
        foreach (var (file, expected) in card.Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw ModelLoadException.FileMissing(path);
            }
            var actual = Sha256(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw ModelLoadException.ChecksumMismatch(path, expected, actual);
            }
        }
    }

    private static ITransformer LoadModel(MLContext ml, string path)
    {
        try
        {
            return ml.Model.Load(path, out _);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ModelLoadException.Unreadable(path, ex);
        }
    }

    private static List<string> ReadLabels(ITransformer topics, string path)
    {
        var schema = topics.GetOutputSchema(TopicInputSchema.Value);
        var column = schema.GetColumnOrNull(Columns.Probabilities)
                     ?? throw ModelLoadException.LabelsDisagree(path, $"it has no '{Columns.Probabilities}' column");
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref slotNames);
        var prefix = Columns.ProbabilityOf("");
        return slotNames.DenseValues().Select(s => s.ToString()).Select(s => s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s).ToList();
    }

    private static readonly Lazy<DataViewSchema> TopicInputSchema = new(() =>
        new MLContext().Data.LoadFromEnumerable(Array.Empty<TopicInput>()).Schema);
}
