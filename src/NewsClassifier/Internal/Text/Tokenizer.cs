namespace NewsClassifier.Internal.Text;

/// <summary>Splits text into words, numbers and punctuation with character offsets.</summary>
/// <remarks>
/// Keeps together what news text writes as one unit: "U.S.", "Feb.", initials ("J."), hyphenated and
/// apostrophe names ("Kassym-Jomart", "O'Neill", "Kazakhstan's" splits off "'s"), and numbers such as
/// "1,250.5", "0.01144" and "3.5%".
/// </remarks>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 5 + 1);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsDigit(c))
            {
                i = ReadNumber(text, i, tokens);
            }
            else if (char.IsLetter(c) || IsCombining(c))
            {
                i = ReadWord(text, i, tokens);
            }
            else
            {
                var end = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? i + 2 : i + 1;
                tokens.Add(new Token(i, end, TokenKind.Punctuation));
                i = end;
            }
        }
        return tokens;
    }

    private static int ReadNumber(string text, int start, List<Token> tokens)
    {
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                i++;
            }
            else if ((c == '.' || c == ',') && i + 1 < text.Length && char.IsDigit(text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        if (i < text.Length && text[i] == '%')
        {
            i++;
        }
        // "20th", "3rd", "5G": letters glued to a number stay with it.
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }
        tokens.Add(new Token(start, i, TokenKind.Number));
        return i;
    }

    private static int ReadWord(string text, int start, List<Token> tokens)
    {
        var i = start;
        // Whether text[start..i] is still single letters separated by dots ("U.S"), kept up to date as the word
        // grows so that no dot rescans the word: a run of 200,000 "U.S." stays linear (issue 15, case 6).
        var dottedInitials = true;
        while (i < text.Length)
        {
            var c = text[i];
            bool take;
            if (char.IsLetterOrDigit(c) || IsCombining(c))
            {
                take = true;
            }
            else if ((c == '-' || c == '\'' || c == '\u2019') && i + 1 < text.Length && char.IsLetter(text[i + 1])
                     && !IsPossessive(text, i))
            {
                take = true;
            }
            else
            {
                take = c == '.' && IsAbbreviationDot(text, start, i, dottedInitials);
            }
            if (!take)
            {
                break;
            }
            dottedInitials &= (i - start) % 2 == 0 ? char.IsLetter(c) : c == '.';
            i++;
        }
        tokens.Add(new Token(start, i, TokenKind.Word));
        return i;
    }

    // "Kazakhstan's" is the name plus a clitic: the name must stay matchable on its own.
    private static bool IsPossessive(string text, int apostrophe) =>
        (text[apostrophe] == '\'' || text[apostrophe] == '\u2019')
        && apostrophe + 1 < text.Length && (text[apostrophe + 1] == 's' || text[apostrophe + 1] == 'S')
        && (apostrophe + 2 >= text.Length || !char.IsLetter(text[apostrophe + 2]));

    /// <summary>Decides whether the dot at <paramref name="dot"/> belongs to the word that began at <paramref name="start"/>.</summary>
    /// <param name="dottedInitials">Whether the word so far is single letters separated by dots ("U", "U.S").</param>
    private static bool IsAbbreviationDot(string text, int start, int dot, bool dottedInitials)
    {
        var length = dot - start;
        // "U.S." and "U.N.": single letters separated by dots.
        if (dottedInitials && dot + 1 < text.Length && char.IsLetter(text[dot + 1]))
        {
            return dot + 2 >= text.Length || !char.IsLetter(text[dot + 2]);
        }
        if (dottedInitials && length > 1)
        {
            return true; // the closing dot of "U.S."
        }
        if (length == 1 && char.IsUpper(text[start]))
        {
            return true; // an initial: "J. Smith"
        }
        return length <= Abbreviations.MaxLength && Abbreviations.IsKnown(text.AsSpan(start, length));
    }

    private static bool IsCombining(char c) =>
        char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}

/// <summary>Abbreviations that end in a dot without ending a sentence.</summary>
internal static class Abbreviations
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Maj", "Capt", "Sgt", "Gov", "Sen", "Rep", "St", "Jr", "Sr",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        "No", "Nos", "Vol", "vs", "etc", "approx", "est", "Inc", "Ltd", "Corp", "Co", "Bros", "Dept", "Univ",
        "e.g", "i.e", "cf", "al", "mln", "bln", "pct",
    };

    private static readonly System.Collections.Generic.HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The length of the longest known abbreviation: longer words need no lookup.</summary>
    public static readonly int MaxLength = Known.Max(a => a.Length);

    public static bool IsKnown(ReadOnlySpan<char> word) => Lookup.Contains(word);
}
