namespace NewsClassifier.Internal.Text;

/// <summary>What a token is made of.</summary>
internal enum TokenKind
{
    Word,
    Number,
    Punctuation,
}

/// <summary>A token and where it stands in the text (<c>End</c> is exclusive).</summary>
internal readonly record struct Token(int Start, int End, TokenKind Kind)
{
    public int Length => End - Start;

    public ReadOnlySpan<char> In(string text) => text.AsSpan(Start, End - Start);

    public string TextIn(string text) => text.Substring(Start, End - Start);
}
