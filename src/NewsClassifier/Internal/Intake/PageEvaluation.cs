using System.Text;
using System.Text.RegularExpressions;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// Scores page splitting against annotated pages the way issue #16 measures it: each annotated story's headline found,
/// its first sentence and last words kept, spurious output stories, and furniture left inside output stories.
/// Comparison is on text (lower-cased letters and digits), so any splitter can be scored, the old rules included.
/// </summary>
internal static partial class PageEvaluation
{
    private const int LastWords = 8;
    private const int MaxSentenceWords = 25;

    public sealed record Metrics(int Pages, int Stories, int Output, int HeadlinesFound, int FirstKept, int LastKept, int Spurious,
        double FurnitureShare, int Lines, int LinesRight)
    {
        public double HeadlineRate => Rate(HeadlinesFound, Stories);

        public double FirstRate => Rate(FirstKept, Stories);

        public double LastRate => Rate(LastKept, Stories);

        public double SpuriousShare => Rate(Spurious, Output);

        public double LineAccuracy => Rate(LinesRight, Lines);

        public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
        {
            ["pages"] = Pages,
            ["stories"] = Stories,
            ["outputStories"] = Output,
            ["headlineFound"] = Math.Round(HeadlineRate, 4),
            ["firstSentenceKept"] = Math.Round(FirstRate, 4),
            ["lastWordsKept"] = Math.Round(LastRate, 4),
            ["spuriousShare"] = Math.Round(SpuriousShare, 4),
            ["furnitureInStories"] = Math.Round(FurnitureShare, 4),
            ["lineAccuracy"] = Math.Round(LineAccuracy, 4),
        };

        private static double Rate(int n, int d) => d == 0 ? 0 : (double)n / d;
    }

    /// <summary>What went wrong on one page, for the per-page listing.</summary>
    public sealed record PageResult(string Name, int Stories, int HeadlinesFound, int FirstKept, int LastKept, int Output, int Spurious, double FurnitureChars, int Lines, int LinesRight);

    public static PageResult Score(PageFixture page, IReadOnlyList<PageStory> predicted, int[]? predictedClasses)
    {
        var gold = PageStoryBuilder.Build(page.Lines, page.Classes).Select(b => b.Story).ToList();
        var goldParagraphs = new HashSet<string>(gold.SelectMany(g => g.Text.Split("\n\n")).Select(Key), StringComparer.Ordinal);
        var goldTitles = new HashSet<string>(gold.Select(g => Key(g.Title)), StringComparer.Ordinal);
        var outputKeys = predicted.Select(p => (Title: Key(p.Title), Text: Key(p.Text), Paragraphs: p.Text.Split("\n\n").Select(Key).ToList())).ToList();
        int found = 0, first = 0, last = 0;
        foreach (var g in gold)
        {
            var title = Key(g.Title);
            var paragraphs = g.Text.Split("\n\n");
            var sentence = FirstSentence(paragraphs[0]);
            var tail = LastWordsOf(paragraphs[^1]);
            var byTitle = outputKeys.FindIndex(o => o.Title == title);
            found += byTitle >= 0 ? 1 : 0;
            var best = byTitle >= 0 ? byTitle : outputKeys.FindIndex(o => sentence.Length > 0 && o.Text.Contains(sentence, StringComparison.Ordinal));
            best = best >= 0 ? best : outputKeys.FindIndex(o => tail.Length > 0 && o.Text.Contains(tail, StringComparison.Ordinal));
            if (best >= 0)
            {
                first += outputKeys[best].Text.Contains(sentence, StringComparison.Ordinal) ? 1 : 0;
                last += outputKeys[best].Text.Contains(tail, StringComparison.Ordinal) ? 1 : 0;
            }
        }
        var spurious = 0;
        var furnitureShares = 0.0;
        var counted = 0;
        foreach (var o in outputKeys)
        {
            var real = goldTitles.Contains(o.Title) || o.Paragraphs.Any(goldParagraphs.Contains);
            if (!real)
            {
                spurious++;
                continue;
            }
            var total = o.Paragraphs.Sum(p => p.Length);
            var furniture = o.Paragraphs.Where(p => !goldParagraphs.Contains(p) && !ContainedIn(p, goldParagraphs)).Sum(p => p.Length);
            furnitureShares += total == 0 ? 0 : (double)furniture / total;
            counted++;
        }
        var lines = page.Lines.Count;
        var right = predictedClasses is null ? 0 : page.Classes.Where((c, i) => predictedClasses[i] == c).Count();
        return new PageResult(page.Name, gold.Count, found, first, last, predicted.Count, spurious, counted == 0 ? 0 : furnitureShares / counted, predictedClasses is null ? 0 : lines, right);
    }

    public static Metrics Combine(IReadOnlyList<PageResult> pages)
    {
        var output = pages.Sum(p => p.Output);
        var real = output - pages.Sum(p => p.Spurious);
        // Furniture share is averaged over the real output stories: weight each page's mean by its real stories.
        var furniture = real == 0 ? 0 : pages.Sum(p => p.FurnitureChars * (p.Output - p.Spurious)) / real;
        return new Metrics(pages.Count, pages.Sum(p => p.Stories), output, pages.Sum(p => p.HeadlinesFound), pages.Sum(p => p.FirstKept),
            pages.Sum(p => p.LastKept), pages.Sum(p => p.Spurious), furniture, pages.Sum(p => p.Lines), pages.Sum(p => p.LinesRight));
    }

    /// <summary>A paragraph the splitter trimmed ("Read more" cut off) still counts as the story's own text.</summary>
    private static bool ContainedIn(string paragraph, HashSet<string> gold) =>
        paragraph.Length >= 20 && gold.Any(g => g.StartsWith(paragraph, StringComparison.Ordinal) || paragraph.StartsWith(g, StringComparison.Ordinal) && g.Length >= 20);

    private static string FirstSentence(string paragraph)
    {
        var end = SentenceEnd().Match(paragraph);
        var sentence = Key(end.Success ? paragraph[..end.Index] : paragraph);
        var words = sentence.Split(' ');
        return words.Length > MaxSentenceWords ? string.Join(' ', words[..MaxSentenceWords]) : sentence;
    }

    private static string LastWordsOf(string paragraph)
    {
        var words = Key(paragraph).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words[Math.Max(0, words.Length - LastWords)..]);
    }

    /// <summary>Letters and digits, lower-cased, single-spaced: what "the same text" means here.</summary>
    public static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"[.!?](?=\s+[A-Z""])")]
    private static partial Regex SentenceEnd();
}
