using System.Text;
using System.Text.RegularExpressions;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// Builds stories from classified lines: a headline opens a story; its standfirst, body and teaser lines make the
/// text; furniture inside the span is left out but counted; a headline with no text under it is not a story.
/// </summary>
internal static partial class PageStoryBuilder
{
    private const int H = 0, F = 4;

    /// <summary>A story with the line indices it came from.</summary>
    internal sealed record BuiltStory(PageStory Story, int Headline, int First, int Last, IReadOnlyList<int> Content);

    /// <summary>
    /// Body text needs a headline above it: a line classed as furniture that sits right above body text, after the end
    /// of another story's text, and reads like a headline (a Title Case line of 4 to 20 words with no closing stop)
    /// opens a story rather than gluing that text onto the story before it. Changes <paramref name="classes"/> in place.
    /// </summary>
    public static void PromoteOrphanHeadlines(IReadOnlyList<PageLine> lines, int[] classes)
    {
        const int B = 2;
        var previous = -1; // the class of the last line above that is not furniture
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (classes[i] == F && classes[i + 1] == B && previous == B && LooksLikeHeadline(lines[i].Text))
            {
                classes[i] = H;
            }
            if (classes[i] != F)
            {
                previous = classes[i];
            }
        }
    }

    private static bool LooksLikeHeadline(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[^1] is '.' or ':' or ';' or ',' or '|' || trimmed.Contains("http", StringComparison.Ordinal))
        {
            return false;
        }
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 4 or > 20)
        {
            return false;
        }
        var content = words.Where(w => w.Length > 3 && char.IsLetter(w[0])).ToList();
        return content.Count > 0 && content.Count(w => char.IsUpper(w[0])) >= content.Count * 0.8;
    }

    public static List<BuiltStory> Build(IReadOnlyList<PageLine> lines, int[] classes)
    {
        var stories = new List<BuiltStory>();
        var headline = -1;
        var content = new List<int>();
        var previousEnd = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (classes[i] == H)
            {
                Close(i);
                headline = i;
            }
            else if (classes[i] != F)
            {
                content.Add(i);
            }
        }
        Close(lines.Count);
        return stories;

        void Close(int next)
        {
            // A headline with no text under it is not a story; nor is one lone line of text with no headline above it.
            if (content.Count > 1 || (content.Count == 1 && headline >= 0))
            {
                var story = Make(lines, classes, headline, content, previousEnd, next);
                stories.Add(story);
                previousEnd = story.Last;
            }
            headline = -1;
            content = [];
        }
    }

    private static BuiltStory Make(IReadOnlyList<PageLine> lines, int[] classes, int headline, List<int> content, int previousEnd, int next)
    {
        var texts = content.Select(i => lines[i].Text).ToList();
        string title;
        string? published = null;
        if (headline >= 0)
        {
            title = PageDates.StripFromHeadline(lines[headline].Text, out published);
        }
        else
        {
            // Text with no headline above it: a short first line is its title, else its first sentence.
            var first = texts[0];
            var endsSentence = first[^1] is '.' or '!' or '?' or '"';
            if (texts.Count > 1 && !endsSentence && first.Split(' ').Length <= 20)
            {
                title = first;
                texts.RemoveAt(0);
            }
            else
            {
                var cut = FirstSentenceEnd().Match(first);
                title = cut.Success ? first[..(cut.Index + 1)] : first;
                title = title.Length > 200 ? title[..200] : title;
            }
        }
        var last = content[^1];
        var spanStart = headline >= 0 ? headline : content[0];
        var dropped = 0;
        for (var i = spanStart + 1; i < last; i++)
        {
            dropped += classes[i] == F ? 1 : 0;
        }
        published ??= DateIn(lines, classes, spanStart + 1, content[0])
            ?? DateIn(lines, classes, last + 1, Math.Min(next, last + 3))
            ?? DateIn(lines, classes, Math.Max(previousEnd + 1, spanStart - 3), spanStart);
        var truncated = false;
        var tail = texts[^1];
        var more = ReadMoreTail().Match(tail);
        if (more.Success && more.Index > 0)
        {
            tail = tail[..more.Index].TrimEnd();
            truncated = true;
        }
        if (tail.EndsWith("...", StringComparison.Ordinal))
        {
            truncated = true;
        }
        texts[^1] = tail;
        var text = string.Join("\n\n", texts);
        var story = new PageStory(title, text, truncated, published, dropped);
        return new BuiltStory(story, headline, spanStart, last, content);
    }

    /// <summary>The first furniture line in [from, to) that parses as a calendar date, as ISO 8601.</summary>
    private static string? DateIn(IReadOnlyList<PageLine> lines, int[] classes, int from, int to)
    {
        for (var i = Math.Max(0, from); i < to && i < lines.Count; i++)
        {
            if (classes[i] == F && lines[i].Text.Length <= 80 && PageDates.ToIso(lines[i].Text) is { } iso)
            {
                return iso;
            }
        }
        return null;
    }

    [GeneratedRegex(@"[.!?](?=\s+[A-Z""])")]
    private static partial Regex FirstSentenceEnd();

    [GeneratedRegex(@"(?<=[.!?])\s*(?:Read more|Read full story|Continue reading|More\s*»)\s*(?:»|>|→|\.\.\.)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ReadMoreTail();
}
