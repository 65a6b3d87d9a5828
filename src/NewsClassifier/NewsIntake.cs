using NewsClassifier.Internal.Intake;
using NewsClassifier.Internal.Language;
using NewsClassifier.Internal.Text;

namespace NewsClassifier;

/// <summary>A story cut out of a scraped page.</summary>
/// <param name="Title">The headline.</param>
/// <param name="Text">The cleaned body, without tickers, dates, bylines or relative times.</param>
/// <param name="Truncated">True when the page cut the story off with "...".</param>
/// <param name="Published">When the page dates the story: ISO 8601 (a date, or a date and time, with the offset when the page gave one); null when no date parsed.</param>
/// <param name="DroppedLines">Furniture lines inside the story's span (between its headline and its last text line) left out of its text.</param>
public sealed record PageStory(string Title, string Text, bool Truncated, string? Published = null, int DroppedLines = 0);

/// <summary>Turns raw input into clean stories.</summary>
public static class NewsIntake
{
    /// <summary>
    /// Splits a scraped page (its visible text, or its HTML: told apart by content) into its stories, leaving out the
    /// page furniture around them. Lines are classified by the shipped page line model.
    /// </summary>
    public static IReadOnlyList<PageStory> SplitPage(string rawPage) => SplitPage(rawPage, PageFormat.Auto);

    /// <summary>Splits a scraped page read as <paramref name="format"/> into its stories, with the shipped page model or <paramref name="model"/>.</summary>
    public static IReadOnlyList<PageStory> SplitPage(string rawPage, PageFormat format, PageModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(rawPage);
        return PageReader.Analyze(rawPage, format, (model ?? PageModel.Shipped).Lines, withLines: false, withReasons: false).Stories;
    }

    /// <summary>
    /// Splits a page into its stories and returns, for every line, the class the model gave it, the runner-up and, when
    /// <paramref name="withReasons"/> is set, the features that decided it: what <c>--explain</c> and <c>/v1/pages</c> show.
    /// </summary>
    public static PageAnalysis AnalyzePage(string rawPage, PageFormat format = PageFormat.Auto, bool withReasons = true, PageModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(rawPage);
        return PageReader.Analyze(rawPage, format, (model ?? PageModel.Shipped).Lines, withLines: true, withReasons);
    }

    /// <summary>True when the text is HTML markup (a document, or several block tags with closing tags) rather than plain text.</summary>
    public static bool LooksLikeHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HtmlPage.LooksLikeHtml(text);
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
