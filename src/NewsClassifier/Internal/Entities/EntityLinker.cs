using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Entities;

/// <summary>
/// Gives each recognised name its country. The knowledge base decides where it knows the name; otherwise the
/// name's own words ("Ministry of Energy of Kazakhstan"), a country word just before it ("Kazakh lawyer X"), a
/// known place just after it ("X, Almaty region"), an earlier full name it shortens ("Bekova"), and last the
/// country the story is mainly about.
/// </summary>
internal static class EntityLinker
{
    // A country word this many characters or fewer before a name, in the same sentence, is its country.
    private const int CountryWordReach = 40;

    public static List<Entity> Link(string text, List<Token> tokens, IReadOnlyList<RecognizedName> names, IReadOnlyList<SpottedName> spotted,
        string? storyCountry, string field, Dictionary<string, string?> surnames, KnowledgeBase knowledge)
    {
        var entities = new List<Entity>(names.Count);
        foreach (var name in names)
        {
            var surface = text[name.Start..name.End];
            var (type, country, known) = FromKnowledge(name, spotted);
            if (!known && KnownByItself(text, tokens, name, knowledge) is { } entry)
            {
                // "Kazakhstan" of "Kazakhstan's Constitutional Court": the knowledge base matched the longer form, but knows this part too.
                (type, country, known) = (entry.Kind == MentionKind.CountryName ? EntityType.Country : entry.Type, entry.Kind == MentionKind.Group ? null : entry.Country, true);
            }
            if (known)
            {
                entities.Add(new Entity(surface, type, name.Start, name.End, country, field));
                if (type == EntityType.Person)
                {
                    RememberSurname(surface, country, surnames);
                }
                continue;
            }
            if (country is null && type == EntityType.Person && surnames.TryGetValue(surface, out var earlier))
            {
                country = earlier;
            }
            country ??= CountryWordBefore(text, name, spotted) ?? PlaceAfter(text, name, spotted)
                ?? (type == EntityType.Person ? NationalityAfter(text, name, spotted) : null);
            if (country is null && type != EntityType.Country && !IsInternational(surface, knowledge.Cues))
            {
                country = storyCountry;
            }
            entities.Add(new Entity(surface, type, name.Start, name.End, country, field));
            if (type == EntityType.Person)
            {
                RememberSurname(surface, country, surnames);
            }
        }
        return entities;
    }

    /// <summary>The knowledge base's type and country; Known is true when it lists exactly this name (its null country then stands).</summary>
    private static (EntityType Type, string? Country, bool Known) FromKnowledge(RecognizedName name, IReadOnlyList<SpottedName> spotted)
    {
        string? inside = null;
        foreach (var s in spotted)
        {
            if (s.Start == name.Start && s.End == name.End && s.Entry is { } entry)
            {
                var type = entry.Kind == MentionKind.CountryName ? EntityType.Country : name.Type == EntityType.Country ? entry.Type : name.Type;
                return (type, entry.Kind == MentionKind.Group ? null : s.Country, true);
            }
            // "Cabinet of Ministers of Kyrgyzstan", "Almaty Regional Court": a known name inside points to the country.
            if (s.Start >= name.Start && s.End <= name.End && s.FromKnowledgeBase && s.Country is { } c && s.Kind != MentionKind.Group)
            {
                inside = c;
            }
        }
        return (name.Type, inside, false);
    }

    /// <summary>The knowledge base's entry for exactly this span, looked up on its own, when it has one without ambiguity.</summary>
    private static KnowledgeEntry? KnownByItself(string text, List<Token> tokens, RecognizedName name, KnowledgeBase knowledge)
    {
        var first = tokens.BinarySearch(new Token(name.Start, name.Start, TokenKind.Word), Comparer<Token>.Create((a, b) => a.Start.CompareTo(b.Start)));
        if (first < 0)
        {
            return null;
        }
        var last = first;
        while (last + 1 < tokens.Count && tokens[last + 1].End <= name.End)
        {
            last++;
        }
        // Only the span's own tokens, so that a longer listed form cannot win.
        var own = tokens.GetRange(first, last - first + 1);
        var count = knowledge.Names.LongestMatch(text, own, 0, out var entries);
        return count == own.Count && own[^1].End == name.End && entries.Count == 1 && !entries[0].NeedsContext
               && entries[0].Kind is not (MentionKind.Adjective or MentionKind.Cue) ? entries[0] : null;
    }

    private static string? CountryWordBefore(string text, RecognizedName name, IReadOnlyList<SpottedName> spotted)
    {
        for (var k = spotted.Count - 1; k >= 0; k--)
        {
            var s = spotted[k];
            if (s.End > name.Start)
            {
                continue;
            }
            if (name.Start - s.End > CountryWordReach || HasBreak(text, s.End, name.Start))
            {
                return null;
            }
            // A quoted outsider's nationality is no evidence for the story, but it is the outsider's country.
            if (s.Kind is MentionKind.Adjective || s.Kind is MentionKind.CountryName && !s.Passing)
            {
                return s.Country;
            }
        }
        return null;
    }

    private static string? PlaceAfter(string text, RecognizedName name, IReadOnlyList<SpottedName> spotted)
    {
        foreach (var s in spotted)
        {
            if (s.Start < name.End)
            {
                continue;
            }
            var gap = text.AsSpan(name.End, s.Start - name.End).Trim();
            var joined = gap is "," or "of" or "in" or "near" || gap.Length == 0;
            return joined && s.FromKnowledgeBase && s.Kind is MentionKind.Location or MentionKind.Capital or MentionKind.CountryName ? s.Country : null;
        }
        return null;
    }

    /// <summary>"Marek Zielinski, a Polish driver": a nationality in the apposition after a person's name.</summary>
    private static string? NationalityAfter(string text, RecognizedName name, IReadOnlyList<SpottedName> spotted)
    {
        foreach (var s in spotted)
        {
            if (s.Start < name.End)
            {
                continue;
            }
            var gap = text.AsSpan(name.End, s.Start - name.End);
            var apposition = gap.StartsWith(", a ") || gap.StartsWith(", an ") || gap.StartsWith(", the ") || gap.StartsWith(" of ") || gap.StartsWith(" from ");
            return apposition && gap.Length <= CountryWordReach && !HasBreak(text, name.End, s.Start)
                   && s.Kind is MentionKind.Adjective or MentionKind.CountryName ? s.Country : null;
        }
        return null;
    }

    private static void RememberSurname(string surface, string? country, Dictionary<string, string?> surnames)
    {
        var space = surface.LastIndexOf(' ');
        surnames[surface] = country;
        if (space > 0)
        {
            surnames.TryAdd(surface[(space + 1)..], country);
        }
    }

    /// <summary>"International ...", "World ...", "UN ...": a body above states, which no story's country may be lent to.</summary>
    private static bool IsInternational(string surface, NameCues cues)
    {
        var space = surface.IndexOf(' ');
        return cues.InternationalFirstWords.Contains(space < 0 ? surface : surface[..space]);
    }

    private static bool HasBreak(string text, int from, int to)
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
}
