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
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || IsCombining(c))
            {
                i++;
            }
            else if ((c == '-' || c == '\'' || c == '\u2019') && i + 1 < text.Length && char.IsLetter(text[i + 1])
                     && !IsPossessive(text, i))
            {
                i++;
            }
            else if (c == '.' && IsAbbreviationDot(text, start, i))
            {
                i++;
            }
            else
            {
                break;
            }
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
    private static bool IsAbbreviationDot(string text, int start, int dot)
    {
        var word = text.AsSpan(start, dot - start);
        // "U.S." and "U.N.": single letters separated by dots.
        if (dot + 1 < text.Length && char.IsLetter(text[dot + 1]) && IsDottedInitials(word))
        {
            return dot + 2 >= text.Length || !char.IsLetter(text[dot + 2]);
        }
        if (IsDottedInitials(word) && word.Length > 1)
        {
            return true; // the closing dot of "U.S."
        }
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true; // an initial: "J. Smith"
        }
        return Abbreviations.IsKnown(word);
    }

    private static bool IsDottedInitials(ReadOnlySpan<char> word)
    {
        for (var k = 0; k < word.Length; k++)
        {
            var expectLetter = k % 2 == 0;
            if (expectLetter ? !char.IsLetter(word[k]) : word[k] != '.')
            {
                return false;
            }
        }
        return true;
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

    public static bool IsKnown(ReadOnlySpan<char> word) => Lookup.Contains(word);
}
