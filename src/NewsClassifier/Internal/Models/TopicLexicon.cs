using System.Reflection;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Models;

/// <summary>Counts curated topic words in a story: a signal that does not depend on the training corpus's wording.</summary>
internal sealed class TopicLexicon
{
    /// <summary>Features per topic: log count in the text, count per 100 words, count in the headline.</summary>
    public const int FeaturesPerTopic = 3;

    private static readonly Lazy<TopicLexicon> EmbeddedInstance = new(() => Parse(ReadEmbedded()));

    private readonly Dictionary<string, int> _unigrams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bigrams = new(StringComparer.Ordinal);

    private TopicLexicon(IReadOnlyList<string> topics) => Topics = topics;

    public static TopicLexicon Embedded => EmbeddedInstance.Value;

    /// <summary>The topics in feature order.</summary>
    public IReadOnlyList<string> Topics { get; }

    public int FeatureCount => Topics.Count * FeaturesPerTopic;

    public static TopicLexicon Parse(string tsv)
    {
        var rows = tsv.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Skip(1)
            .Select(l => l.Split('\t'))
            .ToList();
        var topics = rows.Select(r => r[0]).Distinct(StringComparer.Ordinal).ToList();
        var lexicon = new TopicLexicon(topics);
        foreach (var row in rows)
        {
            var topic = topics.IndexOf(row[0]);
            var term = row[1].Trim().ToLowerInvariant();
            var target = term.Contains(' ') ? lexicon._bigrams : lexicon._unigrams;
            target[term] = topic;
        }
        return lexicon;
    }

    /// <summary>Computes the feature vector for a headline and body.</summary>
    public float[] Featurize(string? title, string text)
    {
        var features = new float[FeatureCount];
        var textCounts = Count(text, out var words);
        var titleCounts = Count(title ?? "", out _);
        var per100 = Math.Max(1f, words / 100f);
        for (var t = 0; t < Topics.Count; t++)
        {
            features[t * FeaturesPerTopic] = MathF.Log(1 + textCounts[t]);
            features[t * FeaturesPerTopic + 1] = Math.Min(5f, textCounts[t] / per100);
            features[t * FeaturesPerTopic + 2] = Math.Min(3f, titleCounts[t]);
        }
        return features;
    }

    private int[] Count(string text, out int words)
    {
        var counts = new int[Topics.Count];
        var tokens = Tokenizer.Tokenize(text);
        words = 0;
        string? previous = null;
        Span<char> buffer = stackalloc char[64];
        foreach (var token in tokens)
        {
            if (token.Kind != TokenKind.Word || token.Length > 60)
            {
                previous = null;
                continue;
            }
            words++;
            var lower = buffer[..token.Length];
            token.In(text).ToLowerInvariant(lower);
            var word = new string(lower);
            if (_unigrams.TryGetValue(word, out var topic))
            {
                counts[topic]++;
            }
            if (previous is not null && _bigrams.TryGetValue(previous + " " + word, out topic))
            {
                counts[topic]++;
            }
            previous = word;
        }
        return counts;
    }

    private static string ReadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("NewsClassifier.Knowledge.topic-lexicon.tsv")
            ?? throw new InvalidOperationException("The topic lexicon is not embedded in the library; rebuild NewsClassifier.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
