namespace NewsClassifier.Internal.Text;

/// <summary>Splits text into sentences, as character ranges, without breaking "U.S.", "Feb. 3" or "J. Smith".</summary>
internal static class SentenceSplitter
{
    public static List<(int Start, int End)> Split(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        var sentences = new List<(int Start, int End)>();
        var start = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (start < 0)
            {
                start = token.Start;
            }
            var next = i + 1 < tokens.Count ? tokens[i + 1] : (Token?)null;
            if (next is { } n && HasLineBreakBetween(text, token.End, n.Start))
            {
                sentences.Add((start, token.End));
                start = -1;
                continue;
            }
            if (!EndsSentence(text, tokens, i))
            {
                continue;
            }
            // Closing quotes and brackets belong to the sentence they close.
            var end = token.End;
            while (i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Punctuation && IsCloser(text[tokens[i + 1].Start])
                   && tokens[i + 1].Start == end)
            {
                i++;
                end = tokens[i].End;
            }
            if (i + 1 < tokens.Count && !StartsSentence(text, tokens[i + 1]))
            {
                continue;
            }
            sentences.Add((start, end));
            start = -1;
        }
        if (start >= 0)
        {
            sentences.Add((start, tokens[^1].End));
        }
        return sentences;
    }

    private static bool EndsSentence(string text, List<Token> tokens, int i)
    {
        var token = tokens[i];
        if (token.Kind == TokenKind.Punctuation)
        {
            return text[token.Start] is '.' or '!' or '?';
        }
        // "U.S." closes a sentence only when a capitalised word that is not a name follows: keep it simple
        // and let the next token decide in StartsSentence; an abbreviation never closes on its own.
        return false;
    }

    private static bool StartsSentence(string text, Token next)
    {
        var c = text[next.Start];
        return char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '[' or '-';
    }

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019';

    private static bool HasLineBreakBetween(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (text[k] == '\n')
            {
                return true;
            }
        }
        return false;
    }
}
