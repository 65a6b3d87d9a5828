namespace NewsClassifier.Internal.Knowledge;

/// <summary>Per-country counts gathered from the names in a story, the input of the country model.</summary>
internal sealed class CountryTally(string code)
{
    public string Code { get; } = code;
    public int TextMentions { get; set; }
    public int HeadlineMentions { get; set; }
    public int FirstPosition { get; set; } = -1;
    public int FirstSentenceMentions { get; set; }
    public int EarlyMentions { get; set; }
    public int LateMentions { get; set; }

    /// <summary>Mentions as a setting ("in Osh", "near the Uzbek border"): where the story happens, not who acts.</summary>
    public int LocativeMentions { get; set; }
    public int[] ByKind { get; } = new int[Enum.GetValues<MentionKind>().Length];
    public List<string> Via { get; } = [];

    public int Mentions => TextMentions + HeadlineMentions;
}

/// <summary>Turns spotted names into country evidence.</summary>
internal static class CountryEvidenceBuilder
{
    // Where a mention counts as early or late in the text: the lead and the closing background paragraphs.
    private const double EarlyShare = 0.3;
    private const double LateShare = 0.7;

    /// <summary>Tallies the knowledge-base names of headline and text by country, in order of first appearance.</summary>
    public static List<CountryTally> Tally(string title, IReadOnlyList<SpottedName> titleNames, string text, IReadOnlyList<SpottedName> textNames)
    {
        var byCode = new Dictionary<string, CountryTally>(StringComparer.Ordinal);
        var order = new List<CountryTally>();
        var firstSentenceEnd = FirstSentenceEnd(text);

        CountryTally Get(string code)
        {
            if (!byCode.TryGetValue(code, out var tally))
            {
                tally = new CountryTally(code);
                byCode[code] = tally;
                order.Add(tally);
            }
            return tally;
        }

        foreach (var name in titleNames)
        {
            foreach (var code in EvidenceCountries(name))
            {
                var tally = Get(code);
                tally.HeadlineMentions++;
                tally.ByKind[(int)name.Kind]++;
                tally.LocativeMentions += IsLocative(title, name.Start) ? 1 : 0;
                AddVia(tally, title[name.Start..name.End]);
            }
        }
        foreach (var name in textNames)
        {
            foreach (var code in EvidenceCountries(name))
            {
                var tally = Get(code);
                tally.TextMentions++;
                tally.ByKind[(int)name.Kind]++;
                tally.LocativeMentions += IsLocative(text, name.Start) ? 1 : 0;
                if (tally.FirstPosition < 0)
                {
                    tally.FirstPosition = name.Start;
                }
                if (name.Start < firstSentenceEnd)
                {
                    tally.FirstSentenceMentions++;
                }
                var relative = text.Length == 0 ? 0 : (double)name.Start / text.Length;
                if (relative < EarlyShare)
                {
                    tally.EarlyMentions++;
                }
                else if (relative > LateShare)
                {
                    tally.LateMentions++;
                }
                AddVia(tally, text[name.Start..name.End]);
            }
        }
        return order;
    }

    /// <summary>
    /// The countries a name is evidence for: its own, the members of a group, or none for a passing mention
    /// (a news agency, "US$", a quoted outsider's nationality) or a name guessed from cues.
    /// </summary>
    private static IReadOnlyList<string> EvidenceCountries(SpottedName name)
    {
        if (name.Entry is not { IsEvidence: true } entry || name.Passing)
        {
            return [];
        }
        if (entry.Kind == MentionKind.Group)
        {
            return entry.Members;
        }
        return name.Country is { } code ? [code] : [];
    }

    /// <summary>Whether the word before a mention (skipping "the") is a place preposition: "in", "at", "near"...</summary>
    private static bool IsLocative(string text, int start)
    {
        var word = PreviousWord(text, ref start);
        if (word is "the" or "The")
        {
            word = PreviousWord(text, ref start);
        }
        return word is "in" or "In" or "at" or "near" or "across" or "outside" or "throughout" or "inside";
    }

    private static string PreviousWord(string text, ref int position)
    {
        var end = position;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }
        position = start;
        return text[start..end];
    }

    public static CountryEvidence ToPublic(CountryTally tally, KnowledgeBase knowledge) =>
        new(tally.Code, knowledge.CountryName(tally.Code), tally.Mentions, tally.FirstPosition, tally.HeadlineMentions > 0, tally.Via.ToArray());

    private static void AddVia(CountryTally tally, string surface)
    {
        if (!tally.Via.Contains(surface, StringComparer.Ordinal))
        {
            tally.Via.Add(surface);
        }
    }

    // The first sentence is in the first few hundred characters: split only those, not the whole story.
    private static int FirstSentenceEnd(string text)
    {
        var sentences = Text.SentenceSplitter.Split(text.Length > 1000 ? text[..1000] : text);
        return sentences.Count == 0 ? 0 : sentences[0].End;
    }
}
