using System.Globalization;
using System.Text;

namespace NewsClassifier.Internal.Models;

/// <summary>
/// The uncased BERT tokenizer both embedding models were trained with: lower-case, strip accents, split on white
/// space and punctuation, then cut each word into the longest pieces of the vocabulary ("##" marks a continuation).
/// Written here because the packages' own tokenizer cannot stop after a given number of pieces.
/// </summary>
internal sealed class WordPieceTokenizer
{
    private const string Continuation = "##";
    private const int MaxWordLength = 100; // longer "words" (URLs, hashes) become one unknown piece, as in BERT

    private readonly Dictionary<string, int> _ids;

    public WordPieceTokenizer(IEnumerable<string> vocabulary)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var piece in vocabulary)
        {
            _ids.TryAdd(piece, id++);
        }
        ClsId = IdOf("[CLS]");
        SepId = IdOf("[SEP]");
        UnknownId = IdOf("[UNK]");
    }

    public int ClsId { get; }

    public int SepId { get; }

    public int UnknownId { get; }

    /// <summary>Appends the ids of <paramref name="text"/>'s first <paramref name="maxPieces"/> word pieces to <paramref name="ids"/>.</summary>
    public void AppendIds(string text, int maxPieces, List<long> ids)
    {
        var start = ids.Count;
        foreach (var word in Words(text))
        {
            AppendWord(word, ids);
            if (ids.Count - start >= maxPieces)
            {
                break;
            }
        }
        if (ids.Count - start > maxPieces)
        {
            ids.RemoveRange(start + maxPieces, ids.Count - start - maxPieces);
        }
    }

    /// <summary>The pieces of a text as strings (for tests and inspection).</summary>
    public List<string> Pieces(string text, int maxPieces = int.MaxValue)
    {
        var ids = new List<long>();
        AppendIds(text, maxPieces, ids);
        var byId = _ids.ToDictionary(kv => (long)kv.Value, kv => kv.Key);
        return ids.Select(i => byId[i]).ToList();
    }

    private int IdOf(string piece) =>
        _ids.TryGetValue(piece, out var id) ? id : throw new InvalidDataException($"The vocabulary has no '{piece}' piece.");

    private void AppendWord(string word, List<long> ids)
    {
        if (word.Length > MaxWordLength)
        {
            ids.Add(UnknownId);
            return;
        }
        var start = ids.Count;
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[MaxWordLength + Continuation.Length];
        var from = 0;
        while (from < word.Length)
        {
            var found = -1;
            var to = word.Length;
            for (; to > from; to--)
            {
                scoped ReadOnlySpan<char> candidate;
                if (from == 0)
                {
                    candidate = word.AsSpan(0, to);
                }
                else
                {
                    Continuation.AsSpan().CopyTo(buffer);
                    word.AsSpan(from, to - from).CopyTo(buffer[Continuation.Length..]);
                    candidate = buffer[..(Continuation.Length + to - from)];
                }
                if (lookup.TryGetValue(candidate, out found))
                {
                    break;
                }
            }
            if (to == from)
            {
                // No piece fits: the whole word is unknown, as in BERT.
                ids.RemoveRange(start, ids.Count - start);
                ids.Add(UnknownId);
                return;
            }
            ids.Add(found);
            from = to;
        }
    }

    /// <summary>
    /// BERT's basic tokenisation: clean, lower-case, strip accents, split on white space and punctuation.
    /// Lazy, so a long story costs only the words that are used.
    /// </summary>
    internal static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '\0' || c == '\uFFFD')
            {
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                continue;
            }
            if (IsPunctuation(c) || IsCjk(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                yield return c.ToString();
                continue;
            }
            AppendFolded(char.ToLowerInvariant(c), word);
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    // Accents are stripped by decomposing and dropping the combining marks ("é" -> "e").
    private static void AppendFolded(char c, StringBuilder word)
    {
        if (c < '\u0080' || char.IsSurrogate(c))
        {
            word.Append(c);
            return;
        }
        foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                word.Append(d);
            }
        }
    }

    // BERT counts every non-letter, non-digit ASCII character as punctuation, plus Unicode's punctuation categories.
    private static bool IsPunctuation(char c) =>
        c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~') || char.IsPunctuation(c);

    private static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');
}
