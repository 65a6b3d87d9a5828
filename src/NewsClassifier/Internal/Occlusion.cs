using System.Text.RegularExpressions;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal;

/// <summary>Explains a prediction by taking words away and watching the score fall: works for any trainer.</summary>
internal static class Occlusion
{
    private const int MaxWords = 60;

    /// <summary>Words whose removal lowers a topic's log-odds by less than this are noise, not reasons.</summary>
    public const float MinLogOddsDrop = 0.01f;

    /// <summary>How many words are shown per topic.</summary>
    public const int TermsShown = 8;

    /// <summary>log(p / (1 - p)), with p kept off 0 and 1 so a saturated probability stays finite.</summary>
    public static double LogOdds(float probability)
    {
        var p = Math.Clamp((double)probability, 1e-9, 1 - 1e-9);
        return Math.Log(p) - Math.Log(1 - p);
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "that", "with", "from", "this", "was", "were", "are", "has", "have", "had", "said", "will", "its",
        "their", "which", "who", "but", "not", "his", "her", "been", "also", "after", "into", "about", "more", "than", "over",
        "they", "would", "could", "should", "there", "other", "some", "such", "when", "where", "what", "while", "our", "out",
    };

    /// <summary>The most frequent content words of a story, lower-cased.</summary>
    public static List<string> CandidateWords(string title, string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in new[] { title, text })
        {
            foreach (var token in Tokenizer.Tokenize(source))
            {
                if (token.Kind != TokenKind.Word || token.Length < 3)
                {
                    continue;
                }
                var word = token.TextIn(source).ToLowerInvariant();
                if (!StopWords.Contains(word))
                {
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                }
            }
        }
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxWords).Select(kv => kv.Key).ToList();
    }

    /// <summary>The text with every whole-word occurrence of <paramref name="word"/> removed, whatever its case.</summary>
    public static string Remove(string text, string word) =>
        Regex.Replace(text, @"\b" + Regex.Escape(word) + @"\b", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
