using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Knowledge;

/// <summary>
/// Finds names in a text: knowledge-base names first (longest match, case-aware, ambiguity resolved by
/// the other evidence in the same text), then capitalised sequences the knowledge base does not know,
/// typed from cues such as titles ("President", "Minister") and suffixes ("LLP", "Ministry", "region").
/// </summary>
internal sealed class EntitySpotter(KnowledgeBase knowledge)
{
    private readonly KnowledgeBase _knowledge = knowledge;
    private readonly NameCues _cues = knowledge.Cues;

    /// <summary>Spots names in <paramref name="text"/>; spans index into that string.</summary>
    public List<SpottedName> Spot(string text) => Spot(text, Tokenizer.Tokenize(text));

    public List<SpottedName> Spot(string text, List<Token> tokens)
    {
        var matches = new List<(int First, int Count, IReadOnlyList<KnowledgeEntry> Entries)>();
        var evidence = new Dictionary<string, int>(StringComparer.Ordinal);
        var parts = new List<(int Start, int End, IReadOnlyList<KnowledgeEntry> Entries)>();
        for (var i = 0; i < tokens.Count;)
        {
            var n = _knowledge.Names.LongestMatch(text, tokens, i, out var entries);
            if (n == 0)
            {
                MatchHyphenParts(text, tokens[i], parts, evidence);
                i++;
                continue;
            }
            matches.Add((i, n, entries));
            if (entries.Any(e => e.Kind == MentionKind.Group))
            {
                // "China-Central Asia summit": the partner inside the hyphenated word counts too.
                MatchHyphenParts(text, tokens[i], parts, evidence);
            }
            if (entries.Count == 1 && !entries[0].NeedsContext && entries[0].Country is { } c)
            {
                evidence[c] = evidence.GetValueOrDefault(c) + 1;
            }
            i += n;
        }

        var result = new List<SpottedName>(matches.Count + parts.Count + 8);
        var cursor = 0;
        foreach (var (first, count, entries) in matches)
        {
            GuessUnknown(text, tokens, cursor, first, result);
            cursor = first + count;
            var entry = Resolve(entries, evidence) ?? ResolveByPlace(text, tokens, first, count, entries);
            if (entry is null)
            {
                continue;
            }
            result.Add(new SpottedName(tokens[first].Start, tokens[first + count - 1].End, entry.Type, entry.Kind, entry.Country, entry));
        }
        GuessUnknown(text, tokens, cursor, tokens.Count, result);
        foreach (var (start, end, entries) in parts)
        {
            if (Resolve(entries, evidence) is { } entry)
            {
                result.Add(new SpottedName(start, end, entry.Type, entry.Kind, entry.Country, entry));
            }
        }
        if (parts.Count > 0)
        {
            result.Sort((a, b) => a.Start.CompareTo(b.Start));
        }
        MarkPassingMentions(text, tokens, result);
        return result;
    }

    /// <summary>
    /// Country words that say nothing about what the story is about: "US$ 40 million" is a currency (dropped, not an
    /// entity), "US dollars" a unit, and "a British analyst" an outsider quoted for comment.
    /// </summary>
    private void MarkPassingMentions(string text, List<Token> tokens, List<SpottedName> result)
    {
        for (var k = result.Count - 1; k >= 0; k--)
        {
            var name = result[k];
            if (name.Kind is not (MentionKind.CountryName or MentionKind.Adjective))
            {
                continue;
            }
            var next = NextWordAfter(text, tokens, name.End, out var nextIndex);
            if (name.End < text.Length && text[name.End] == '$')
            {
                result.RemoveAt(k);
            }
            else if (next is "dollar" or "dollars" or "cents")
            {
                result[k] = name with { Passing = true };
            }
            else if (name.Kind == MentionKind.Adjective && next is not null
                     && (_cues.ExpertNouns.Contains(next) || nextIndex + 1 < tokens.Count && _cues.ExpertNouns.Contains(tokens[nextIndex + 1].TextIn(text))))
            {
                result[k] = name with { Passing = true };
            }
        }
    }

    private static string? NextWordAfter(string text, List<Token> tokens, int offset, out int index)
    {
        // Tokens are in text order: the first one starting at or after the offset, by binary search.
        int lo = 0, hi = tokens.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (tokens[mid].Start < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        index = lo < tokens.Count ? lo : -1;
        return index >= 0 && tokens[index].Start - offset <= 1 && tokens[index].Kind == TokenKind.Word ? tokens[index].TextIn(text) : null;
    }

    /// <summary>"Dushanbe-Khorog road", "Kazakh-Chinese talks": names inside a hyphenated word that matched as a whole.</summary>
    private void MatchHyphenParts(string text, Token token, List<(int, int, IReadOnlyList<KnowledgeEntry>)> parts, Dictionary<string, int> evidence)
    {
        if (token.Kind != TokenKind.Word || text.IndexOf('-', token.Start, token.Length) < 0)
        {
            return;
        }
        var start = token.Start;
        for (var k = token.Start; k <= token.End; k++)
        {
            if (k < token.End && text[k] != '-')
            {
                continue;
            }
            if (k > start)
            {
                var part = new List<Token> { new(start, k, TokenKind.Word) };
                if (_knowledge.Names.LongestMatch(text, part, 0, out var entries) == 1)
                {
                    parts.Add((start, k, entries));
                    if (entries.Count == 1 && !entries[0].NeedsContext && entries[0].Country is { } c)
                    {
                        evidence[c] = evidence.GetValueOrDefault(c) + 1;
                    }
                }
            }
            start = k + 1;
        }
    }

    /// <summary>
    /// An ambiguous place name with no other evidence still counts where the sentence uses it as a place:
    /// "on the outskirts of Mary", "in Mary" (but not "Mary Jones" or "Mary said").
    /// </summary>
    private static KnowledgeEntry? ResolveByPlace(string text, List<Token> tokens, int first, int count, IReadOnlyList<KnowledgeEntry> entries)
    {
        var place = entries.FirstOrDefault(e => e.NeedsContext && e.Type == EntityType.Location);
        if (place is null || first == 0)
        {
            return null;
        }
        var before = tokens[first - 1].TextIn(text);
        var after = first + count < tokens.Count ? tokens[first + count] : (Token?)null;
        var followedByName = after is { Kind: TokenKind.Word } a && char.IsUpper(text[a.Start]) && SameLine(text, tokens[first + count - 1], a);
        var followedBySpeech = after is { } s && s.TextIn(text) is "said" or "says" or "told";
        return before is "in" or "of" or "near" or "from" or "outside" or "at" && !followedByName && !followedBySpeech ? place : null;
    }

    /// <summary>Picks the reading of an ambiguous name that the rest of the text supports.</summary>
    private static KnowledgeEntry? Resolve(IReadOnlyList<KnowledgeEntry> entries, Dictionary<string, int> evidence)
    {
        KnowledgeEntry? best = null;
        var bestSupport = -1;
        foreach (var entry in entries)
        {
            var support = entry.Country is null ? 0 : evidence.GetValueOrDefault(entry.Country);
            if (entry.NeedsContext && support == 0)
            {
                continue;
            }
            if (support > bestSupport)
            {
                best = entry;
                bestSupport = support;
            }
        }
        return best;
    }

    /// <summary>Turns capitalised runs between <paramref name="from"/> and <paramref name="to"/> into guessed entities.</summary>
    private void GuessUnknown(string text, List<Token> tokens, int from, int to, List<SpottedName> result)
    {
        var i = from;
        while (i < to)
        {
            if (!IsCapitalisedWord(text, tokens[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var end = i; // inclusive
            var j = i + 1;
            while (j < to && SameLine(text, tokens[j - 1], tokens[j]))
            {
                if (IsCapitalisedWord(text, tokens[j]))
                {
                    end = j;
                    j++;
                }
                else if (_cues.Connectors.Contains(tokens[j].TextIn(text)) && j + 1 < to && IsCapitalisedWord(text, tokens[j + 1]))
                {
                    j++;
                }
                else if (IsPossessiveInside(text, tokens, j, to))
                {
                    j += 2; // "General Prosecutor's Office" is one name
                }
                else
                {
                    break;
                }
            }
            i = end + 1;
            ClassifyRun(text, tokens, start, end, result);
        }
    }

    private void ClassifyRun(string text, List<Token> tokens, int start, int end, List<SpottedName> result)
    {
        // Leading titles are cues, not part of the name: "President Sadyr Japarov" names "Sadyr Japarov".
        var titleCue = false;
        while (start <= end && _cues.PersonTitles.Contains(tokens[start].TextIn(text)))
        {
            titleCue = true;
            start++;
        }
        while (start <= end && _cues.NotNames.Contains(tokens[start].TextIn(text)))
        {
            start++;
        }
        if (start > end)
        {
            return;
        }
        var first = tokens[start].TextIn(text);
        var last = tokens[end].TextIn(text);
        var words = end - start + 1;
        var previous = start > 0 ? tokens[start - 1].TextIn(text) : "";
        titleCue |= _cues.PersonTitles.Contains(previous);

        EntityType? type = null;
        // A lone generic word ("Office", "News") names nothing; "ASTEL" or "Ministry of Energy" might.
        if ((_cues.OrganizationSuffixes.Contains(last) || _cues.OrganizationHeads.Contains(first)) && (words >= 2 || IsAllUpper(first) && first.Length > 2))
        {
            type = EntityType.Organization;
        }
        else if (_cues.LocationSuffixes.Contains(last) || (start + 1 <= tokens.Count - 1 && end + 1 < tokens.Count
                     && _cues.LocationSuffixes.Contains(tokens[end + 1].TextIn(text)) && words <= 2))
        {
            type = EntityType.Location;
        }
        else if (titleCue && words <= 4 && IsNameLike(text, tokens, start, end))
        {
            type = EntityType.Person;
        }
        else if (_cues.LocationPrepositions.Contains(previous) && words <= 2 && !AtSentenceStart(text, tokens, start))
        {
            type = EntityType.Location;
        }
        else if (words is >= 2 and <= 3 && IsNameLike(text, tokens, start, end) && FollowedBySpeech(text, tokens, end))
        {
            type = EntityType.Person;
        }
        if (type is not { } t)
        {
            return;
        }
        var spanEnd = tokens[end].End;
        // "Zhanaarka district": the generic word that told us the type belongs to the name.
        if (t == EntityType.Location && end + 1 < tokens.Count && _cues.LocationSuffixes.Contains(tokens[end + 1].TextIn(text))
            && SameLine(text, tokens[end], tokens[end + 1]))
        {
            spanEnd = tokens[end + 1].End;
        }
        var kind = t switch
        {
            EntityType.Person => MentionKind.Person,
            EntityType.Organization => MentionKind.Organization,
            _ => MentionKind.Location,
        };
        result.Add(new SpottedName(tokens[start].Start, spanEnd, t, kind, CountryFromNeighbours(text, tokens, start, end, result), null));
    }

    /// <summary>A guessed name gets a country only from a country word right beside it.</summary>
    private string? CountryFromNeighbours(string text, List<Token> tokens, int start, int end, List<SpottedName> spotted)
    {
        var nameStart = tokens[start].Start;
        for (var k = spotted.Count - 1; k >= 0; k--)
        {
            var s = spotted[k];
            if (s.End > nameStart)
            {
                continue;
            }
            if (nameStart - s.End > 24 || HasSentenceBreak(text, s.End, nameStart))
            {
                break;
            }
            if (s.Kind is MentionKind.CountryName or MentionKind.Adjective)
            {
                return s.Country;
            }
            break;
        }
        // "Ministry of Energy of Kazakhstan"
        if (end + 2 < tokens.Count && tokens[end + 1].TextIn(text) == "of")
        {
            var n = _knowledge.Names.LongestMatch(text, tokens, end + 2, out var entries);
            if (n > 0 && entries is [{ Kind: MentionKind.CountryName, Country: { } c }])
            {
                return c;
            }
        }
        return null;
    }

    private static bool HasSentenceBreak(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (text[k] is '.' or '!' or '?' or '\n' or ';')
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsPossessiveInside(string text, List<Token> tokens, int j, int to) =>
        j + 2 < to && tokens[j].Kind == TokenKind.Punctuation && text[tokens[j].Start] is '\'' or '\u2019'
        && tokens[j + 1].TextIn(text) == "s" && tokens[j + 1].Start == tokens[j].End
        && IsCapitalisedWord(text, tokens[j + 2]);

    private static bool FollowedBySpeech(string text, List<Token> tokens, int end)
    {
        if (end + 1 >= tokens.Count)
        {
            return false;
        }
        var next = tokens[end + 1].TextIn(text);
        return next is "said" or "says" or "told" or "added" or "noted" or "stressed" or "explained" or "wrote" or "argued";
    }

    private static bool IsNameLike(string text, List<Token> tokens, int start, int end)
    {
        for (var k = start; k <= end; k++)
        {
            var word = tokens[k].In(text);
            if (tokens[k].Kind != TokenKind.Word || !char.IsUpper(word[0]) || (word.Length > 1 && IsAllUpper(word)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsCapitalisedWord(string text, Token token) =>
        token.Kind == TokenKind.Word && char.IsUpper(text[token.Start]);

    private static bool IsAllUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c) && !char.IsUpper(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AtSentenceStart(string text, List<Token> tokens, int index)
    {
        if (index == 0)
        {
            return true;
        }
        var prev = tokens[index - 1];
        return prev.Kind == TokenKind.Punctuation && text[prev.Start] is '.' or '!' or '?' or '"' or ':'
               || HasSentenceBreak(text, prev.End, tokens[index].Start);
    }

    private static bool SameLine(string text, Token a, Token b)
    {
        for (var k = a.End; k < b.Start; k++)
        {
            if (text[k] == '\n')
            {
                return false;
            }
        }
        return b.Start - a.End <= 1;
    }
}
