using System.Text;
using System.Text.RegularExpressions;
using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// The layout rules the page line classifier replaced (issue #16), kept as the baseline of
/// 'newsclf evaluate-pages --splitter rules' and for <see cref="IsHeadline"/>, a feature of the classifier.
/// Splits a scraped page into stories. Two page shapes are handled: an article page (headline, paragraphs,
/// section subheads, next headline...) and a listing or author page where "N hours ago" lines close each teaser.
/// </summary>
internal static partial class PageSplitter
{
    private const int MaxHeadingWords = 22;

    private static readonly HashSet<string> JobTitles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Journalist", "Editor", "Senior Editor", "Editor-in-Chief", "Correspondent", "Staff Writer", "Contributor", "Reporter",
        "Columnist", "Analyst", "Author", "Contributing Writer", "News Editor", "Photographer",
    };

    public static List<PageStory> Split(string raw)
    {
        var lines = TextNormalizer.Normalize(raw).Split('\n').Select(l => l.Trim()).ToList();
        var kept = DropFurniture(lines, out var separators);
        return separators >= 2 ? SplitListing(kept) : SplitArticles(kept);
    }

    /// <summary>A content line, or a marker where a relative time ("23 hours ago") closed a teaser.</summary>
    private readonly record struct Line(string Text, bool IsSeparator, bool BlankBefore);

    private static List<Line> DropFurniture(List<string> lines, out int separators)
    {
        var kept = new List<Line>();
        separators = 0;
        var inAuthorBlock = false;
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = true;
                continue;
            }
            if (AuthorHeader().IsMatch(line))
            {
                inAuthorBlock = true;
                continue;
            }
            if (inAuthorBlock)
            {
                // An author page lists the articles after its "Articles" heading.
                if (line.Equals("Articles", StringComparison.OrdinalIgnoreCase) || line.Equals("Latest articles", StringComparison.OrdinalIgnoreCase))
                {
                    inAuthorBlock = false;
                }
                continue;
            }
            if (RelativeTime().IsMatch(line))
            {
                separators++;
                kept.Add(new Line("", true, blank));
                blank = true;
                continue;
            }
            if (IsFurniture(line))
            {
                continue;
            }
            kept.Add(new Line(line, false, blank));
            blank = false;
        }
        return kept;
    }

    private static bool IsFurniture(string line) =>
        Ticker().IsMatch(line)
        || StandaloneDate().IsMatch(line)
        || Byline().IsMatch(line)
        || AvatarCaption().IsMatch(line)
        || PageChrome().IsMatch(line)
        || JobTitles.Contains(line);

    private static List<PageStory> SplitListing(List<Line> lines)
    {
        var stories = new List<PageStory>();
        var block = new List<string>();
        foreach (var line in lines)
        {
            if (line.IsSeparator)
            {
                AddStory(stories, block);
                block.Clear();
            }
            else
            {
                block.Add(line.Text);
            }
        }
        AddStory(stories, block);
        return stories;
    }

    private static List<PageStory> SplitArticles(List<Line> lines)
    {
        var stories = new List<PageStory>();
        var block = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Text;
            if (lines[i].IsSeparator || line.Length == 0)
            {
                continue;
            }
            var nextIsBody = i + 1 < lines.Count && !lines[i + 1].IsSeparator && !IsHeading(lines[i + 1].Text);
            if (IsHeading(line) && nextIsBody && (block.Count == 0 || IsHeadline(line)))
            {
                AddStory(stories, block);
                block.Clear();
            }
            block.Add(line);
        }
        AddStory(stories, block);
        return stories;
    }

    private static void AddStory(List<PageStory> stories, List<string> block)
    {
        if (block.Count < 2)
        {
            return; // a headline with no body is page furniture, not a story
        }
        var title = block[0];
        var body = string.Join("\n\n", block.Skip(1));
        var truncated = body.EndsWith("...", StringComparison.Ordinal);
        stories.Add(new PageStory(title, body, truncated));
    }

    /// <summary>A line shaped like a headline or subhead: short, capitalised, not a sentence or a list item.</summary>
    internal static bool IsHeading(string line)
    {
        if (line.Length is < 8 or > 200 || !char.IsUpper(line[0]))
        {
            return false;
        }
        var last = line[^1];
        if (last is '.' or ',' or ';' or ':' or '"' && !line.EndsWith("U.S.", StringComparison.Ordinal))
        {
            return false;
        }
        var words = WordCount(line);
        return words is >= 2 and <= MaxHeadingWords;
    }

    /// <summary>
    /// Tells a story's headline from a section subhead inside a story. Subheads are short noun phrases
    /// ("Calls for Stronger Oversight"); headlines are longer, or open with a country and a verb
    /// ("Kazakhstan Bans Coal Exports").
    /// </summary>
    internal static bool IsHeadline(string line)
    {
        var words = WordCount(line);
        if (words >= 6)
        {
            return true;
        }
        if (words < 3)
        {
            return false;
        }
        var lineTokens = Tokenizer.Tokenize(line);
        var n = KnowledgeBase.Embedded.Names.LongestMatch(line, lineTokens, 0, out var entries);
        if (n == 0 || n >= lineTokens.Count || entries.All(e => e.Kind is not (MentionKind.CountryName or MentionKind.Adjective or MentionKind.Person)))
        {
            return false;
        }
        // "Kazakhstan's Gas Supply Strategy" is a possessive noun phrase, not "Kazakhstan Bans ...".
        var next = lineTokens[n];
        if (next.Kind != TokenKind.Word)
        {
            return false;
        }
        var verb = next.TextIn(line);
        return verb is "to" or "To" || (verb.Length > 3 && (verb.EndsWith('s') || verb.EndsWith("ed", StringComparison.Ordinal)));
    }

    private static int WordCount(string line)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in line)
        {
            var letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
            {
                count++;
            }
            inWord = letter;
        }
        return count;
    }

    [GeneratedRegex(@"^[•·*\-]?\s*[A-Z]{3}/[A-Z]{3}\s*=\s*[-+]?[\d.,]+\s*[-+]?[\d.,]*\s*%?$")]
    private static partial Regex Ticker();

    [GeneratedRegex(@"^((Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(\d{1,2}\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(,?\s+\d{1,2}:\d{2}(\s*[AaPp][Mm])?)?$")]
    private static partial Regex StandaloneDate();

    [GeneratedRegex(@"^((\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago|yesterday|just now|today)$", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeTime();

    [GeneratedRegex(@"^(Our People|Authors?|Our Team)\s*>")]
    private static partial Regex AuthorHeader();

    [GeneratedRegex(@"^(By|Written by|Author:)\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(,\s*[\w ]+)?$")]
    private static partial Regex Byline();

    [GeneratedRegex(@"^.{2,60}'s? Avatar$")]
    private static partial Regex AvatarCaption();

    // Whole-line furniture only: "Share prices rose" or "Photo exhibition opens" are sentences, not chrome.
    [GeneratedRegex(@"^((Read more|Read also|See also)\b.{0,200}|Related( articles| stories| news)?:?|Share( this( article| story)?)?|Subscribe( to our newsletter)?.{0,60}|Advertisement|(Photo|Image|Source|Photo credit)\s*:.{0,200}|Follow us.{0,80})$", RegexOptions.IgnoreCase)]
    private static partial Regex PageChrome();
}
