using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// A linear-chain model over a page's lines: per-class weights for every line feature plus class-to-class transition
/// weights, decoded with Viterbi so that a line's class depends on its neighbours' classes. Trained by
/// <see cref="PageLineTrainer"/> (an averaged structured perceptron); saved as JSON.
/// </summary>
internal sealed class PageLineModel
{
    /// <summary>The file layout this library reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The model's file name in a model folder.</summary>
    public const string FileName = "page-lines.json";

    /// <summary>The small card beside it: version, checksum, training data, held-out figures.</summary>
    public const string CardFileName = "page-lines.card.json";

    public const int Classes = 5;
    public const int Start = Classes;

    private static readonly Lazy<PageLineModel> EmbeddedModel = new(LoadEmbedded);

    public PageLineModel(Dictionary<string, float[]> weights, float[][] transitions)
    {
        Weights = weights;
        Transitions = transitions;
    }

    /// <summary>Feature name to one weight per class (H, S, B, T, F).</summary>
    public Dictionary<string, float[]> Weights { get; }

    /// <summary>[from][to]: rows 0-4 are the previous line's class, row 5 the page start.</summary>
    public float[][] Transitions { get; }

    /// <summary>The model shipped inside the library (trained by newsclf train-pages on training-data/pages).</summary>
    public static PageLineModel Embedded => EmbeddedModel.Value;

    public static char Letter(int c) => "HSBTF"[c];

    public static int ClassOf(char letter) => "HSBTF".IndexOf(letter, StringComparison.Ordinal);

    /// <summary>The score of each class for one line from its features alone.</summary>
    public void Emission(string[] features, Span<float> scores)
    {
        scores.Clear();
        foreach (var feature in features)
        {
            if (Weights.TryGetValue(feature, out var w))
            {
                for (var c = 0; c < Classes; c++)
                {
                    scores[c] += w[c];
                }
            }
        }
    }

    /// <summary>The best class sequence for the page (Viterbi), respecting each line's allowed classes.</summary>
    public int[] Decode(string[][] features, IReadOnlyList<PageLine> lines, float[][]? emissions = null)
    {
        var n = features.Length;
        var path = new int[n];
        if (n == 0)
        {
            return path;
        }
        emissions ??= Emissions(features);
        var score = new float[n, Classes];
        var back = new int[n, Classes];
        for (var i = 0; i < n; i++)
        {
            var allowed = lines[i].Allowed;
            for (var c = 0; c < Classes; c++)
            {
                if ((allowed & (1 << c)) == 0)
                {
                    score[i, c] = float.NegativeInfinity;
                    continue;
                }
                if (i == 0)
                {
                    score[i, c] = Transitions[Start][c] + emissions[i][c];
                    continue;
                }
                var best = float.NegativeInfinity;
                var arg = 0;
                for (var p = 0; p < Classes; p++)
                {
                    var s = score[i - 1, p] + Transitions[p][c];
                    if (s > best)
                    {
                        best = s;
                        arg = p;
                    }
                }
                score[i, c] = best + emissions[i][c];
                back[i, c] = arg;
            }
        }
        var last = 0;
        for (var c = 1; c < Classes; c++)
        {
            if (score[n - 1, c] > score[n - 1, last])
            {
                last = c;
            }
        }
        for (var i = n - 1; i >= 0; i--)
        {
            path[i] = last;
            last = back[i, last];
        }
        return path;
    }

    public float[][] Emissions(string[][] features)
    {
        var emissions = new float[features.Length][];
        for (var i = 0; i < features.Length; i++)
        {
            emissions[i] = new float[Classes];
            Emission(features[i], emissions[i]);
        }
        return emissions;
    }

    /// <summary>The features that moved the score from <paramref name="runnerUp"/> towards <paramref name="given"/> most.</summary>
    public List<FeatureWeight> Reasons(string[] features, int given, int runnerUp, int top)
    {
        var reasons = new List<FeatureWeight>();
        foreach (var feature in features)
        {
            if (Weights.TryGetValue(feature, out var w))
            {
                var push = w[given] - w[runnerUp];
                if (push > 0)
                {
                    reasons.Add(new FeatureWeight(feature, MathF.Round(push, 3)));
                }
            }
        }
        reasons.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        return reasons.Count > top ? reasons.GetRange(0, top) : reasons;
    }

    /// <summary>Writes the model as JSON and returns the text written (for its checksum).</summary>
    public string ToJson()
    {
        var file = new ModelFile
        {
            Version = FormatVersion,
            Classes = "HSBTF",
            Transitions = Transitions.Select(r => r.Select(Round).ToArray()).ToArray(),
            Weights = Weights.Where(kv => kv.Value.Any(v => MathF.Abs(v) >= 1e-4f))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => kv.Value.Select(Round).ToArray(), StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(file, FileJson);
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>; refuses other versions with what to do.</summary>
    public static PageLineModel FromJson(string json, string source)
    {
        ModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ModelFile>(json, FileJson);
        }
        catch (JsonException ex)
        {
            throw PageModelException.Unreadable(source, ex.Message);
        }
        if (file is null || file.Classes != "HSBTF" || file.Transitions.Length != Classes + 1 || file.Transitions.Any(r => r.Length != Classes)
            || file.Weights.Values.Any(w => w.Length != Classes))
        {
            throw PageModelException.Unreadable(source, "the classes, transitions or weights do not have the expected shape");
        }
        if (file.Version != FormatVersion)
        {
            throw PageModelException.WrongVersion(source, file.Version);
        }
        return new PageLineModel(new Dictionary<string, float[]>(file.Weights, StringComparer.Ordinal), file.Transitions);
    }

    /// <summary>Loads the model of a folder written by newsclf train-pages, after checking it against its card.</summary>
    public static PageLineModel Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var cardPath = Path.Combine(folder, CardFileName);
        if (!File.Exists(path) || !File.Exists(cardPath))
        {
            throw PageModelException.Missing(folder);
        }
        var json = File.ReadAllText(path);
        var card = PageModelCard.FromJson(File.ReadAllText(cardPath), cardPath);
        Verify(json, card, path);
        return FromJson(json, path);
    }

    public static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private static void Verify(string json, PageModelCard card, string source)
    {
        if (card.Version != FormatVersion)
        {
            throw PageModelException.WrongVersion(source, card.Version);
        }
        if (!string.Equals(Sha256(json), card.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw PageModelException.ChecksumMismatch(source);
        }
    }

    private static PageLineModel LoadEmbedded()
    {
        var assembly = typeof(PageLineModel).Assembly;
        var json = ReadResource(assembly, "NewsClassifier.Intake.page-lines.json");
        var card = ReadResource(assembly, "NewsClassifier.Intake.page-lines.card.json");
        if (json is null || card is null)
        {
            // Only while the first model is being trained: an untrained model classifies everything as furniture.
            return Untrained();
        }
        Verify(json, PageModelCard.FromJson(card, "the embedded page-lines.card.json"), "the embedded page-lines.json");
        return FromJson(json, "the embedded page-lines.json");
    }

    public static PageLineModel Untrained()
    {
        var transitions = Enumerable.Range(0, Classes + 1).Select(_ => new float[Classes]).ToArray();
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["bias"] = [0, 0, 0, 0, 1] };
        return new PageLineModel(weights, transitions);
    }

    private static string? ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static float Round(float v) => (float)Math.Round(v, 4);

    private static readonly JsonSerializerOptions FileJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };

    private sealed class ModelFile
    {
        public int Version { get; set; }

        public string Classes { get; set; } = "";

        public float[][] Transitions { get; set; } = [];

        public Dictionary<string, float[]> Weights { get; set; } = [];
    }
}

/// <summary>The card written beside a page line model: what it is, how it was made and how it scored.</summary>
internal sealed record PageModelCard
{
    public int Version { get; init; } = PageLineModel.FormatVersion;

    public string CreatedUtc { get; init; } = "";

    public string ModelFile { get; init; } = PageLineModel.FileName;

    public string Sha256 { get; init; } = "";

    public string Trainer { get; init; } = "averaged structured perceptron, Viterbi over the page's lines";

    public int Epochs { get; init; }

    public int Seed { get; init; }

    public int Features { get; init; }

    public string TrainingFolder { get; init; } = "";

    public int TrainingPages { get; init; }

    public int HeldOutPages { get; init; }

    public string HeldOutRule { get; init; } = "";

    /// <summary>Figures on the held-out pages, by name.</summary>
    public IReadOnlyDictionary<string, double> HeldOut { get; init; } = new Dictionary<string, double>();

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PageModelCard FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PageModelCard>(json, Json) ?? throw PageModelException.Unreadable(source, "the card is empty");
        }
        catch (JsonException ex)
        {
            throw PageModelException.Unreadable(source, ex.Message);
        }
    }

    public string Describe()
    {
        var ci = CultureInfo.InvariantCulture;
        return string.Create(ci, $"{ModelFile} v{Version}, {Features} features, trained {CreatedUtc} on {TrainingPages} pages ({Epochs} epochs, seed {Seed}); held out {HeldOutPages} pages ({HeldOutRule})");
    }
}
