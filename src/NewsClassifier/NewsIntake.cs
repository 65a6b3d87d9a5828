using NewsClassifier.Internal.Intake;
using NewsClassifier.Internal.Language;
using NewsClassifier.Internal.Text;

namespace NewsClassifier;

/// <summary>A story cut out of a scraped page.</summary>
/// <param name="Title">The headline.</param>
/// <param name="Text">The cleaned body, without tickers, dates, bylines or relative times.</param>
/// <param name="Truncated">True when the page cut the story off with "...".</param>
public sealed record PageStory(string Title, string Text, bool Truncated);

/// <summary>Turns raw input into clean stories.</summary>
public static class NewsIntake
{
    /// <summary>Splits a scraped page into its stories and drops the page furniture around them.</summary>
    public static IReadOnlyList<PageStory> SplitPage(string rawPage)
    {
        ArgumentNullException.ThrowIfNull(rawPage);
        return PageSplitter.Split(rawPage);
    }

    /// <summary>The headline rule for plain text: the first non-empty line is the headline, the rest (trimmed) the body.</summary>
    public static (string? Title, string Body) SplitHeadline(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0)
        {
            return (null, "");
        }
        var body = string.Join('\n', lines.Skip(first + 1)).Trim('\n', ' ', '\t');
        return (lines[first].Trim(), body);
    }

    /// <summary>The id of the story at <paramref name="index"/> (0-based) on a page: <c>PAGE#1</c>, <c>PAGE#2</c>...</summary>
    public static string PageStoryId(string pageId, int index) => $"{pageId}#{index + 1}";

    /// <summary>Cleans story text: HTML, Unicode NFC, quotes, dashes and white space.</summary>
    public static string Normalize(string raw) => TextNormalizer.Normalize(raw);

    /// <summary>
    /// Guesses the language of a story from its script and, for Latin script, its function words (no download, no
    /// model). The tagger calls it on every story; English is the only language its models support.
    /// </summary>
    public static DetectedLanguage DetectLanguage(string text, string? title = null) => LanguageDetector.Detect(title, text);
}
