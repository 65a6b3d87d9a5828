using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Entities;

/// <summary>
/// The features of each token of one text for the entity recogniser: the word, its shape and affixes, its
/// neighbours, the cue words around it, what the knowledge base and the cue-based guesser said about it, and
/// whether the story also uses the word in lower case (so a Title Case headline's "Prices" is not a name).
/// Features that depend on the previous tags are added during decoding.
/// </summary>
internal sealed class EntityFeatures
{
    private enum T
    {
        Bias = 1, Word, Prefix3, Suffix3, Suffix4, Shape, PrevWord, NextWord, Prev2Word, Next2Word, PrevShape, NextShape,
        Knowledge, PrevKnowledge, NextKnowledge, Guess, SentenceStart, LowerElsewhere, WordNext, PrevWordShape, PrevTitle,
        NextOrgSuffix, NextLocSuffix, IsOrgSuffix, InTitle, AllCapsText, Possessive, PrevTag, PrevTwoTags, PrevTagWord,
        PrevTagShape, Length, KnowledgeShape, LineStart, NextDocumentWord,
    }

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly string[] _shapes;
    private readonly string[] _knowledge;
    private readonly string[] _guess;
    private readonly bool[] _sentenceStart;
    private readonly bool[] _lineStart;
    private readonly ulong[]?[] _static;
    private readonly NameCues _cues;
    private readonly IReadOnlySet<string> _lowerWords;
    private readonly bool _isTitle;
    private readonly bool _allCaps;

    public EntityFeatures(string text, List<Token> tokens, IReadOnlyList<SpottedName> spotted, NameCues cues, IReadOnlySet<string> lowerWords, bool isTitle)
    {
        _text = text;
        _tokens = tokens;
        _shapes = new string[tokens.Count];
        _knowledge = new string[tokens.Count];
        _guess = new string[tokens.Count];
        _sentenceStart = new bool[tokens.Count];
        _lineStart = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            _shapes[i] = Shape(tokens[i].In(text));
            _knowledge[i] = "-";
            _guess[i] = "-";
            _sentenceStart[i] = i == 0 || IsSentenceBreak(text, tokens[i - 1], tokens[i]);
            _lineStart[i] = i == 0 || text.AsSpan(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End).Contains('\n');
        }
        MarkSpotted(spotted);
        _cues = cues;
        _lowerWords = lowerWords;
        _isTitle = isTitle;
        _allCaps = IsMostlyUpper(text);
        // Computed on first use: most tokens are plainly outside any name and never need them.
        _static = new ulong[tokens.Count][];
    }

    /// <summary>
    /// A lower-case word, number or sign that the knowledge base did not spot, after a token outside any name, is
    /// outside too: skipping it (when tagging and when training alike) saves most of the recogniser's work.
    /// </summary>
    public bool IsPlainlyOutside(int i)
    {
        var token = _tokens[i];
        return !char.IsUpper(_text[token.Start]) && _knowledge[i] == "-" && _guess[i] == "-";
    }

    public int Count => _tokens.Count;

    /// <summary>Whether token <paramref name="i"/> begins a line: no name runs across a line break.</summary>
    public bool StartsLine(int i) => _lineStart[i];

    /// <summary>The static features of token <paramref name="i"/> followed by those of the two previous tags.</summary>
    public void For(int i, int previous, int beforePrevious, List<ulong> into)
    {
        into.Clear();
        if (_static[i] is not { } features)
        {
            AddStatic(i, _cues, _lowerWords, _isTitle, _allCaps, into);
            _static[i] = features = into.ToArray();
            into.Clear();
        }
        into.AddRange(features);
        var word = _tokens[i].In(_text);
        into.Add(FeatureHash.Of((int)T.PrevTag).Add(previous).Value);
        into.Add(FeatureHash.Of((int)T.PrevTwoTags).Add(previous).Add(beforePrevious).Value);
        into.Add(FeatureHash.Of((int)T.PrevTagWord).Add(previous).Add(word).Value);
        into.Add(FeatureHash.Of((int)T.PrevTagShape).Add(previous).Add(_shapes[i]).Value);
    }

    private void AddStatic(int i, NameCues cues, IReadOnlySet<string> lowerWords, bool isTitle, bool allCaps, List<ulong> f)
    {
        var word = _tokens[i].In(_text);
        var shape = _shapes[i];
        var prev = Word(i - 1);
        var next = Word(i + 1);
        f.Add(FeatureHash.Of((int)T.Bias).Value);
        f.Add(FeatureHash.Of((int)T.Word).Add(word).Value);
        if (word.Length > 3)
        {
            f.Add(FeatureHash.Of((int)T.Prefix3).Add(word[..3]).Value);
            f.Add(FeatureHash.Of((int)T.Suffix3).Add(word[^3..]).Value);
        }
        if (word.Length > 4)
        {
            f.Add(FeatureHash.Of((int)T.Suffix4).Add(word[^4..]).Value);
        }
        f.Add(FeatureHash.Of((int)T.Shape).Add(shape).Value);
        f.Add(FeatureHash.Of((int)T.Length).Add(Math.Min(word.Length, 12)).Value);
        f.Add(FeatureHash.Of((int)T.PrevWord).Add(prev).Value);
        f.Add(FeatureHash.Of((int)T.NextWord).Add(next).Value);
        f.Add(FeatureHash.Of((int)T.Prev2Word).Add(Word(i - 2)).Value);
        f.Add(FeatureHash.Of((int)T.Next2Word).Add(Word(i + 2)).Value);
        f.Add(FeatureHash.Of((int)T.PrevShape).Add(i > 0 ? _shapes[i - 1] : "^").Value);
        f.Add(FeatureHash.Of((int)T.NextShape).Add(i + 1 < _shapes.Length ? _shapes[i + 1] : "$").Value);
        f.Add(FeatureHash.Of((int)T.WordNext).Add(word).Add(next).Value);
        f.Add(FeatureHash.Of((int)T.PrevWordShape).Add(prev).Add(shape).Value);
        f.Add(FeatureHash.Of((int)T.Knowledge).Add(_knowledge[i]).Value);
        f.Add(FeatureHash.Of((int)T.KnowledgeShape).Add(_knowledge[i]).Add(shape).Value);
        f.Add(FeatureHash.Of((int)T.PrevKnowledge).Add(i > 0 ? _knowledge[i - 1] : "^").Value);
        f.Add(FeatureHash.Of((int)T.NextKnowledge).Add(i + 1 < _knowledge.Length ? _knowledge[i + 1] : "$").Value);
        f.Add(FeatureHash.Of((int)T.Guess).Add(_guess[i]).Value);
        f.Add(FeatureHash.Of((int)T.SentenceStart).Add(_sentenceStart[i] ? 1 : 0).Add(shape).Value);
        var capitalised = word.Length > 0 && char.IsUpper(word[0]);
        if (capitalised && lowerWords.Contains(word.ToString().ToLowerInvariant()))
        {
            f.Add(FeatureHash.Of((int)T.LowerElsewhere).Add(_sentenceStart[i] ? 1 : 0).Value);
        }
        if (i > 0 && cues.PersonTitles.Contains(prev.ToString()))
        {
            f.Add(FeatureHash.Of((int)T.PrevTitle).Value);
        }
        if (i + 1 < _tokens.Count && cues.OrganizationSuffixes.Contains(next.ToString()))
        {
            f.Add(FeatureHash.Of((int)T.NextOrgSuffix).Value);
        }
        if (i + 1 < _tokens.Count && cues.LocationSuffixes.Contains(next.ToString()))
        {
            f.Add(FeatureHash.Of((int)T.NextLocSuffix).Value);
        }
        if (cues.OrganizationSuffixes.Contains(word.ToString()))
        {
            f.Add(FeatureHash.Of((int)T.IsOrgSuffix).Value);
        }
        if (_lineStart[i])
        {
            f.Add(FeatureHash.Of((int)T.LineStart).Add(shape).Value);
        }
        if (i + 1 < _tokens.Count && cues.DocumentWords.Contains(next.ToString()))
        {
            f.Add(FeatureHash.Of((int)T.NextDocumentWord).Value);
        }
        if (isTitle)
        {
            f.Add(FeatureHash.Of((int)T.InTitle).Add(shape).Value);
        }
        if (allCaps)
        {
            f.Add(FeatureHash.Of((int)T.AllCapsText).Add(_knowledge[i]).Value);
        }
        if (next is "'" or "\u2019" && Word(i + 2) is "s")
        {
            f.Add(FeatureHash.Of((int)T.Possessive).Add(shape).Value);
        }
    }

    private ReadOnlySpan<char> Word(int i) =>
        i < 0 ? "^" : i >= _tokens.Count ? "$" : _tokens[i].In(_text);

    /// <summary>Writes what the knowledge base and the cue guesser said onto the tokens they cover, as B-/I- tags.</summary>
    private void MarkSpotted(IReadOnlyList<SpottedName> spotted)
    {
        var t = 0;
        foreach (var name in spotted)
        {
            while (t < _tokens.Count && _tokens[t].End <= name.Start)
            {
                t++;
            }
            var label = name.FromKnowledgeBase
                ? name.Kind + (name.Entry!.NeedsContext ? "?" : "") + (name.Passing ? "~" : "")
                : name.Type.ToString();
            var target = name.FromKnowledgeBase ? _knowledge : _guess;
            for (var k = t; k < _tokens.Count && _tokens[k].Start < name.End; k++)
            {
                target[k] = (k == t ? "B-" : "I-") + label;
            }
        }
    }

    /// <summary>"Xxxx" for "Almaty", "XX" for "JSC", "d.d" for "3.5", "X.X." for "U.S.": runs of one class collapse.</summary>
    internal static string Shape(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[8];
        var length = 0;
        var last = '\0';
        var run = 0;
        foreach (var c in word)
        {
            var s = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : c;
            run = s == last ? run + 1 : 1;
            last = s;
            if (run > 2 || length == buffer.Length)
            {
                continue;
            }
            buffer[length++] = s;
        }
        return new string(buffer[..length]);
    }

    private static bool IsSentenceBreak(string text, Token previous, Token current)
    {
        if (previous.Kind == TokenKind.Punctuation && text[previous.Start] is '.' or '!' or '?' or ':' or '"')
        {
            return true;
        }
        for (var k = previous.End; k < current.Start; k++)
        {
            if (text[k] == '\n')
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsMostlyUpper(string text)
    {
        int upper = 0, letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }
            }
        }
        return letters > 8 && upper > letters * 0.8;
    }
}
