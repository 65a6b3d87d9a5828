using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using NewsClassifier.Internal.Entities;

using NewsClassifier.Modeling;

namespace NewsClassifier.Internal.Models;

/// <summary>A verified model folder: the card, the topic model and, when present, the country models.</summary>
internal sealed class ModelBundle
{
    private ModelBundle(string folder, ModelCard card, MLContext ml, ITransformer topics, IReadOnlyList<string> labels,
        ITransformer? about, ITransformer? primary, EntityRecognizer? entities, SentenceEmbedder? embedder)
    {
        Embedder = embedder;
        Folder = folder;
        Entities = entities;
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

    /// <summary>The sentence embedder of an accurate model, null for the fast one; thread-safe, one ONNX session per bundle.</summary>
    public SentenceEmbedder? Embedder { get; }

    /// <summary>The statistical entity recogniser, when the folder has one; immutable, so shared by all threads.</summary>
    public EntityRecognizer? Entities { get; }

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
            card = ModelCard.FromJson(Encoding.UTF8.GetString(ReadBounded(RegularFileInside(full, ModelCard.FileName, MaxCardBytes))));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            throw ModelLoadException.CardUnreadable(cardPath, ex);
        }
        if (card.SchemaVersion != ModelCard.CurrentSchemaVersion)
        {
            throw ModelLoadException.WrongSchema(folder, card.SchemaVersion);
        }
        if (ModelCardCheck.Problems(card) is { Count: > 0 } problems)
        {
            throw ModelLoadException.CardInvalid(cardPath, problems);
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
            if (!countries.Features.SequenceEqual(CountryFeatures.Names))
            {
                throw ModelLoadException.LabelsDisagree(countries.AboutFile,
                    $"the country models were trained on the features [{string.Join(", ", countries.Features)}] but this version computes [{string.Join(", ", CountryFeatures.Names)}]");
            }
            about = LoadModel(ml, Path.Combine(full, countries.AboutFile));
            primary = LoadModel(ml, Path.Combine(full, countries.PrimaryFile));
        }
        EntityRecognizer? entities = null;
        if (card.EntityModel is { } entityInfo)
        {
            var path = Path.Combine(full, entityInfo.File);
            try
            {
                using var stream = File.OpenRead(path);
                entities = new EntityRecognizer(AveragedPerceptron.Load(stream));
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
            {
                throw ModelLoadException.Unreadable(path, ex);
            }
        }
        // [embed] accurate mode: the embedding model the card names, refused when this build carries another.
        var embedder = card.EmbeddingModel is { } embedding ? SentenceEmbedder.ForCard(folder, embedding) : null;
        return new ModelBundle(full, card, ml, topics, labels, about, primary, entities, embedder);
    }

    /// <summary>The largest card read: real cards are a few kilobytes.</summary>
    private const long MaxCardBytes = 1 << 20;

    /// <summary>The largest model file hashed and loaded.</summary>
    private const long MaxModelFileBytes = 2L << 30;

    /// <summary>The SHA-256 of a file as lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void VerifyChecksums(string folder, ModelCard card)
    {
        // ModelCardCheck has made sure every file the card uses has a checksum and that every name is a bare file name.
        foreach (var (file, expected) in card.Files)
        {
            var path = Path.Combine(folder, file);
            var actual = HashBounded(RegularFileInside(folder, file, MaxModelFileBytes));
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw ModelLoadException.ChecksumMismatch(path, expected, actual);
            }
        }
    }

    /// <summary>
    /// The file a card names, after making sure it is a non-empty file inside the folder and not too big, all before
    /// it is opened: a FIFO, /dev/zero or a /proc entry reports size 0 and would hang or never end (issue 15, case 18).
    /// </summary>
    private static FileInfo RegularFileInside(string folder, string name, long maxBytes)
    {
        var path = Path.Combine(folder, name);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw ModelLoadException.FileMissing(path);
        }
        if (file.LinkTarget is not null)
        {
            // A link is followed only to a file in the same folder: a card cannot pull in files from elsewhere.
            if (file.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target
                || !string.Equals(Path.GetDirectoryName(target.FullName), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal))
            {
                throw ModelLoadException.NotARegularFile(path, "a link that leads outside the model folder or nowhere");
            }
            file = target;
        }
        if (file.Length == 0)
        {
            throw ModelLoadException.NotARegularFile(path, "empty, or a device, FIFO or /proc entry rather than a regular file");
        }
        if (file.Length > maxBytes)
        {
            throw ModelLoadException.NotARegularFile(path, $"{file.Length:N0} bytes, more than the {maxBytes:N0} a model folder holds");
        }
        return file;
    }

    /// <summary>Reads exactly the size the file system reported, so a file that keeps growing cannot make the read endless.</summary>
    private static byte[] ReadBounded(FileInfo file)
    {
        var bytes = new byte[file.Length];
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ModelLoadException.Unreadable(file.FullName, ex);
        }
        return bytes;
    }

    /// <summary>The SHA-256 (lower-case hex) of the first <see cref="FileInfo.Length"/> bytes, read in blocks.</summary>
    private static string HashBounded(FileInfo file)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var left = file.Length;
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (left > 0)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException($"the file ended {left:N0} bytes before the size it reported");
                }
                hash.AppendData(buffer, 0, read);
                left -= read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ModelLoadException.Unreadable(file.FullName, ex);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
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
