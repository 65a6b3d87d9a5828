using System.Text.RegularExpressions;

namespace NewsClassifier.Internal.Intake;

/// <summary>
/// The features of each line of a page, in the spirit of jusText and boilerpipe: the line's own shape (length, words,
/// stop-word density, punctuation, digits, dates, capitalisation, link-like words, script), its place on the page,
/// repetition, and the shape of its neighbours. Names are readable because they are what --explain shows.
/// </summary>
internal static partial class LineFeatures
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "which", "who", "said", "says",
        "will", "would", "not", "than", "their", "they", "he", "she", "his", "her", "we", "our", "after", "about", "into", "over",
        "more", "also", "could", "can", "up", "out", "last", "year", "since", "when", "there", "all", "one", "two", "new",
    };

    /// <summary>The per-line summary that neighbours see.</summary>
    private readonly record struct Shape(string Words, string End, bool Date, bool Relative, bool TitleCase, bool Long);

    /// <summary>Features for every line of the page, in order.</summary>
    public static string[][] Extract(IReadOnlyList<PageLine> lines)
    {
        var n = lines.Count;
        var result = new string[n][];
        if (n == 0)
        {
            return result;
        }
        var counts = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var crumbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var longLines = 0;
        var wordCounts = new int[n];
        foreach (var line in lines)
        {
            counts[line.Text] = counts.GetValueOrDefault(line.Text) + 1;
            if (line.Text.Contains(" > ", StringComparison.Ordinal) || line.Text.Contains(" / ", StringComparison.Ordinal) || line.Text.Contains(" » ", StringComparison.Ordinal))
            {
                foreach (var part in Crumb().Split(line.Text))
                {
                    crumbs.Add(part.Trim());
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            wordCounts[i] = WordCount(lines[i].Text);
            longLines += wordCounts[i] >= 25 ? 1 : 0;
        }
        var shapes = new Shape[n];
        var lineWords = new List<string>[n];
        for (var i = 0; i < n; i++)
        {
            var t = lines[i].Text;
            lineWords[i] = WordsOf(t);
            shapes[i] = new Shape(WordBucket(wordCounts[i]), EndKind(t), PageDates.IsWholeDate(t), wordCounts[i] <= 5 && PageDates.IsRelative(t),
                IsTitleCase(lineWords[i], wordCounts[i]), wordCounts[i] >= 25);
        }
        var pageLong = longLines switch { 0 => "0", <= 2 => "1-2", <= 6 => "3-6", _ => "7+" };
        for (var i = 0; i < n; i++)
        {
            var f = new List<string>(72) { "bias" };
            var line = lines[i];
            var t = line.Text;
            var s = shapes[i];
            var words = wordCounts[i];
            var tokens = lineWords[i];
            f.Add("words=" + s.Words);
            f.Add("chars=" + CharBucket(t.Length));
            f.Add("end=" + s.End);
            f.Add("start=" + StartKind(t));
            f.Add("words=" + s.Words + "&end=" + s.End);
            f.Add("pageLong=" + pageLong + "&words=" + s.Words);
            if (words >= 3)
            {
                f.Add("stopwords=" + StopBucket(tokens));
                f.Add("capitalised=" + CapBucket(tokens));
            }
            if (s.TitleCase)
            {
                f.Add("titleCase");
                f.Add("titleCase&words=" + s.Words);
            }
            // "Kazakhstan Bans Coal Exports" reads as a headline, "Calls for Stronger Oversight" as a subhead: a name then a verb.
            if (false && words is >= 3 and <= 22 && s.End != "period" && PageSplitter.IsHeadline(t))
            {
                f.Add("nameThenVerb");
                f.Add("nameThenVerb&words=" + s.Words);
            }
            if (IsAllCaps(t))
            {
                f.Add("allCaps");
            }
            f.Add("sentences=" + SentenceBucket(t));
            f.Add("digits=" + DigitBucket(t));
            if (s.Date)
            {
                f.Add("wholeDate");
            }
            else if (PageDates.HasDate(t))
            {
                f.Add("hasDate");
                f.Add("hasDate&words=" + s.Words);
            }
            if (PageDates.HasTime(t))
            {
                f.Add("hasTime");
                if (LeadingTime().IsMatch(t))
                {
                    f.Add("startsWithTime&words=" + s.Words);
                }
            }
            if (s.Relative)
            {
                f.Add("relativeTime");
            }
            if (t.Length <= 80 && (t.AsSpan().IndexOfAnyInRange('0', '9') >= 0 || t.Contains("👁", StringComparison.Ordinal)) && Counter().IsMatch(t))
            {
                f.Add("counter");
            }
            if ((t.Contains('/') || t.Length <= 60) && Ticker().IsMatch(t))
            {
                f.Add("ticker");
            }
            if (t.Contains('©') || t.Contains("rights reserved", StringComparison.OrdinalIgnoreCase))
            {
                f.Add("copyright");
            }
            if (t.Contains('@') || t.Contains("http", StringComparison.OrdinalIgnoreCase) || t.Contains("www.", StringComparison.OrdinalIgnoreCase))
            {
                f.Add("linkOrEmail");
            }
            var nonLatin = NonLatinShare(t);
            if (nonLatin > 0)
            {
                f.Add(nonLatin > 0.5 ? "script=nonLatin" : "script=mixed");
            }
            if (t.Contains('|') || t.Contains('•') || t.Contains(" · ", StringComparison.Ordinal))
            {
                f.Add("separators");
            }
            if (t.Contains(" > ", StringComparison.Ordinal) || t.Contains(" » ", StringComparison.Ordinal))
            {
                f.Add("breadcrumb");
            }
            if (Dateline().IsMatch(t))
            {
                f.Add("dateline");
            }
            if (t.EndsWith("...", StringComparison.Ordinal))
            {
                f.Add("ellipsis&words=" + s.Words);
            }
            if (t[0] is '"' or '\'')
            {
                f.Add("opensQuote");
            }
            if (!char.IsLetterOrDigit(t[0]) && t[0] is not ('"' or '\'' or '(' or '$'))
            {
                f.Add("symbolStart");
            }
            // Word identities name furniture ("Share", "Views", "Read more"); on prose lines they would only memorise stories.
            if (words <= 8)
            {
                AddWords(f, tokens, words);
            }
            // Position and repetition.
            f.Add("index=" + IndexBucket(i));
            f.Add("fromEnd=" + IndexBucket(n - 1 - i));
            f.Add("position=" + (10 * i / n));
            if (counts[t] > 1)
            {
                f.Add("repeated");
            }
            if (crumbs.Contains(t) && !f.Contains("breadcrumb"))
            {
                f.Add("inBreadcrumb");
            }
            f.Add(line.BlankBefore ? "blankBefore" : "noBlankBefore");
            f.Add(line.BlankAfter ? "blankAfter" : "noBlankAfter");
            // Neighbours: a headline sits above long prose, a teaser between a headline and a date.
            Neighbour(f, "prev", i > 0 ? shapes[i - 1] : null);
            Neighbour(f, "next", i + 1 < n ? shapes[i + 1] : null);
            Neighbour(f, "prev2", i > 1 ? shapes[i - 2] : null, brief: true);
            Neighbour(f, "next2", i + 2 < n ? shapes[i + 2] : null, brief: true);
            // Conjunctions a linear model cannot make itself: a title-case line of 6-12 words after a finished paragraph
            // starts the next story, one of 2-5 words is a subhead inside the same story.
            var prevEnd = i > 0 ? shapes[i - 1].End : "none";
            var nextEnd = i + 1 < n ? shapes[i + 1].End : "none";
            f.Add("prev.end=" + prevEnd + "&words=" + s.Words);
            f.Add("prev.end=" + prevEnd + "&titleCase=" + s.TitleCase + "&end=" + s.End);
            f.Add("prev.end=" + prevEnd + "&words=" + s.Words + "&end=" + s.End);
            f.Add("next.end=" + nextEnd + "&words=" + s.Words);
            f.Add("words=" + s.Words + "&nextWords=" + (i + 1 < n ? shapes[i + 1].Words : "none"));
            f.Add("words=" + s.Words + "&prevWords=" + (i > 0 ? shapes[i - 1].Words : "none"));
            var nextLong = false;
            for (var k = i + 1; k < n && k <= i + 3; k++)
            {
                nextLong |= shapes[k].Long;
            }
            f.Add("longWithin3Below=" + nextLong + "&words=" + s.Words);
            result[i] = [.. f];
        }
        return result;
    }


    /// <summary>The words of a line (a letter, then letters, apostrophes and hyphens), found in one pass without a regex.</summary>
    private static List<string> WordsOf(string t)
    {
        var words = new List<string>(16);
        var k = 0;
        while (k < t.Length)
        {
            if (!char.IsLetter(t[k]))
            {
                k++;
                continue;
            }
            var start = k;
            while (k < t.Length && (char.IsLetter(t[k]) || t[k] is '\'' or '-'))
            {
                k++;
            }
            words.Add(t[start..k]);
        }
        return words;
    }

    private static void Neighbour(List<string> f, string which, Shape? shape, bool brief = false)
    {
        if (shape is not { } s)
        {
            f.Add(which + "=none");
            return;
        }
        f.Add(which + ".words=" + s.Words);
        if (s.Date || s.Relative)
        {
            f.Add(which + ".date");
        }
        if (brief)
        {
            return;
        }
        f.Add(which + ".end=" + s.End);
        if (s.TitleCase)
        {
            f.Add(which + ".titleCase");
        }
    }

    /// <summary>Word identities where they tell most: every word of short lines, the first and last words of all.</summary>
    private static void AddWords(List<string> f, List<string> tokens, int words)
    {
        var k = 0;
        string? firstWord = null;
        string? last = null;
        foreach (var token in tokens)
        {
            var w = (token.Length > 20 ? token[..20] : token).ToLowerInvariant();
            if (k == 0)
            {
                firstWord = w;
                f.Add("first=" + w);
            }
            else if (k == 1)
            {
                f.Add("firstTwo=" + firstWord + " " + w);
            }
            if (words <= 5)
            {
                f.Add("word=" + w);
            }
            last = w;
            k++;
        }
        if (last is not null)
        {
            f.Add("last=" + last);
        }
    }

    private static int WordCount(string t)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in t)
        {
            var letter = c != ' ';
            if (letter && !inWord)
            {
                count++;
            }
            inWord = letter;
        }
        return count;
    }

    private static string WordBucket(int w) => w switch
    {
        1 => "1", 2 => "2", 3 => "3", <= 5 => "4-5", <= 8 => "6-8", <= 12 => "9-12", <= 16 => "13-16", <= 24 => "17-24", <= 40 => "25-40", _ => "41+",
    };

    private static string CharBucket(int c) => c switch
    {
        < 10 => "<10", < 25 => "10-24", < 50 => "25-49", < 80 => "50-79", < 120 => "80-119", < 200 => "120-199", < 400 => "200-399", _ => "400+",
    };

    private static string IndexBucket(int i) => i switch { 0 => "0", 1 => "1", 2 => "2", <= 5 => "3-5", <= 10 => "6-10", _ => "11+" };

    private static string EndKind(string t) => t[^1] switch
    {
        '.' when t.EndsWith("...", StringComparison.Ordinal) => "ellipsis",
        '.' => "period",
        '?' => "question",
        '!' => "exclamation",
        ':' => "colon",
        ',' or ';' => "comma",
        '"' or '\'' => t.Length > 1 && t[^2] is '.' or '?' or '!' or ',' ? "quoteAfterStop" : "quote",
        ')' or ']' => "bracket",
        >= '0' and <= '9' => "digit",
        _ when char.IsLetter(t[^1]) => "letter",
        _ => "symbol",
    };

    private static string StartKind(string t) => t[0] switch
    {
        >= '0' and <= '9' => "digit",
        '"' or '\'' => "quote",
        _ when char.IsUpper(t[0]) && t[0] < 'ʰ' => "upper",
        _ when char.IsLower(t[0]) && t[0] < 'ʰ' => "lower",
        _ when char.IsLetter(t[0]) => "nonLatinLetter",
        _ => "symbol",
    };

    private static string StopBucket(List<string> tokens)
    {
        int words = 0, stops = 0;
        foreach (var token in tokens)
        {
            words++;
            stops += StopWords.Contains(token) ? 1 : 0;
        }
        if (words == 0)
        {
            return "none";
        }
        return (10 * stops / words) switch { 0 => "<0.1", 1 => "0.1-0.2", 2 => "0.2-0.3", 3 => "0.3-0.4", _ => "0.4+" };
    }

    private static string CapBucket(List<string> tokens)
    {
        int words = 0, caps = 0;
        foreach (var token in tokens)
        {
            words++;
            caps += char.IsUpper(token[0]) ? 1 : 0;
        }
        return words == 0 ? "none" : (10 * caps / words) switch { < 2 => "<0.2", < 4 => "0.2-0.4", < 6 => "0.4-0.6", < 8 => "0.6-0.8", _ => "0.8+" };
    }

    private static bool IsTitleCase(List<string> tokens, int words)
    {
        if (words < 3)
        {
            return false;
        }
        var major = 0;
        foreach (var token in tokens)
        {
            if (token.Length < 4)
            {
                continue;
            }
            if (!char.IsUpper(token[0]))
            {
                return false;
            }
            major++;
        }
        return major >= 2;
    }

    private static bool IsAllCaps(string t)
    {
        var letters = 0;
        foreach (var c in t)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c))
                {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 4;
    }

    private static string SentenceBucket(string t)
    {
        var ends = 0;
        for (var k = 1; k + 1 < t.Length; k++)
        {
            if (t[k] is '.' or '?' or '!' && t[k + 1] == ' ' && k + 2 < t.Length && char.IsUpper(t[k + 2]) && char.IsLower(t[k - 1]))
            {
                ends++;
            }
        }
        ends += t[^1] is '.' or '?' or '!' or '"' ? 1 : 0;
        return ends switch { 0 => "0", 1 => "1", 2 => "2", _ => "3+" };
    }

    private static string DigitBucket(string t)
    {
        var digits = 0;
        foreach (var c in t)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }
        return digits == 0 ? "0" : (10 * digits / t.Length) switch { 0 => "<0.1", < 3 => "0.1-0.3", < 6 => "0.3-0.6", _ => "0.6+" };
    }

    private static double NonLatinShare(string t)
    {
        int letters = 0, other = 0;
        foreach (var c in t)
        {
            if (char.IsLetter(c))
            {
                letters++;
                other += c > 'ɏ' ? 1 : 0;
            }
        }
        return letters == 0 ? 0 : (double)other / letters;
    }

    [GeneratedRegex(@"\s+(?:>|/|»)\s+")]
    private static partial Regex Crumb();

    [GeneratedRegex(@"^(?:[01]?\d|2[0-3]):[0-5]\d\b")]
    private static partial Regex LeadingTime();

    [GeneratedRegex(@"\b(?:views?|просмотр\w*|comments?|reads?|likes?)\b\s*:?\s*[\d\s,.]+$|^[^\p{L}]*\d[\d\s,.]*\s*(?:views?|comments?|просмотр\w*)$|👁|\bViews:\s*\d", RegexOptions.IgnoreCase)]
    private static partial Regex Counter();

    [GeneratedRegex(@"\b[A-Z]{3}/[A-Z]{3}\s*=|\b(?:Brent|WTI|Gold|Silver)\s+[\d,.]+\s*[-+]")]
    private static partial Regex Ticker();

    [GeneratedRegex(@"^[A-Z][A-Z\-]{2,}(?:\s[A-Z][A-Z\-]+)?,?\s(?:\p{Lu}\p{Ll}+\s\d{1,2}\s)?\(")]
    private static partial Regex Dateline();
}
