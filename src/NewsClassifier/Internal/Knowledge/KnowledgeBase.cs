using System.Reflection;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Internal.Knowledge;

/// <summary>
/// Countries, places, people and organisations with the country each points to, read from the
/// tab-separated files embedded in the library (<c>Knowledge/Data/*.tsv</c>).
/// </summary>
internal sealed class KnowledgeBase
{
    private static readonly Lazy<KnowledgeBase> EmbeddedInstance = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, CountryInfo> _countries;

    private KnowledgeBase(Dictionary<string, CountryInfo> countries, NameTrie names)
    {
        _countries = countries;
        Names = names;
    }

    /// <summary>The knowledge base shipped inside the library, loaded once.</summary>
    public static KnowledgeBase Embedded => EmbeddedInstance.Value;

    public NameTrie Names { get; }

    public IReadOnlyCollection<CountryInfo> Countries => _countries.Values;

    public CountryInfo? Country(string code) => _countries.GetValueOrDefault(code);

    public string CountryName(string code) => _countries.TryGetValue(code, out var c) ? c.Name : code;

    /// <summary>Builds a knowledge base from the text of the two files (used by tests with small fixtures).</summary>
    public static KnowledgeBase Parse(string countriesTsv, string entitiesTsv, string cuesTsv = "")
    {
        var countries = new Dictionary<string, CountryInfo>(StringComparer.Ordinal);
        var trie = new NameTrie();
        foreach (var (lineNo, cells, ambiguous) in Rows(countriesTsv, "countries.tsv", 5))
        {
            var code = cells[0].Trim().ToUpperInvariant();
            if (code.Length != 2)
            {
                throw new FormatException($"countries.tsv line {lineNo}: '{cells[0]}' is not an ISO alpha-2 code.");
            }
            var name = cells[1].Trim();
            countries[code] = new CountryInfo(code, name);
            // A country's own name always counts; the other reading of an ambiguous name ("Georgia", the US
            // state) is an entities.tsv row marked ambiguous, and context decides between the two.
            var entry = new KnowledgeEntry(name, EntityType.Country, MentionKind.CountryName, code, NeedsContext: false);
            trie.Add(name, entry);
            foreach (var alias in List(cells[2]))
            {
                trie.Add(alias, entry);
            }
            var adjective = new KnowledgeEntry(name, EntityType.Country, MentionKind.Adjective, code, NeedsContext: false);
            foreach (var adj in List(cells[3]))
            {
                trie.Add(adj, adjective);
            }
            var capitals = List(cells[4]);
            if (capitals.Count > 0)
            {
                var capital = new KnowledgeEntry(capitals[0], EntityType.Location, MentionKind.Capital, code, ambiguous);
                foreach (var cap in capitals)
                {
                    trie.Add(cap, capital);
                }
            }
        }
        foreach (var (lineNo, cells, ambiguous) in Rows(entitiesTsv, "entities.tsv", 4))
        {
            if (!Enum.TryParse<EntityType>(cells[0].Trim(), ignoreCase: true, out var type) || type == EntityType.Country)
            {
                throw new FormatException($"entities.tsv line {lineNo}: type '{cells[0]}' must be PERSON, LOCATION or ORGANIZATION.");
            }
            var country = cells[1].Trim().ToUpperInvariant();
            var name = cells[2].Trim();
            var kind = type switch
            {
                EntityType.Person => MentionKind.Person,
                EntityType.Organization => MentionKind.Organization,
                _ => MentionKind.Location,
            };
            var entry = new KnowledgeEntry(name, type, kind, country.Length == 0 ? null : country, ambiguous);
            trie.Add(name, entry);
            foreach (var alias in List(cells[3]))
            {
                trie.Add(alias, entry);
            }
        }
        foreach (var (lineNo, cells, _) in Rows(cuesTsv, "cues.tsv", 2))
        {
            var country = cells[0].Trim().ToUpperInvariant();
            if (!countries.ContainsKey(country))
            {
                throw new FormatException($"cues.tsv line {lineNo}: '{cells[0]}' is not a country of countries.tsv.");
            }
            foreach (var cue in List(cells[1]))
            {
                trie.Add(cue, new KnowledgeEntry(cue, EntityType.Location, MentionKind.Cue, country, NeedsContext: false));
            }
        }
        return new KnowledgeBase(countries, trie);
    }

    private static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        return Parse(ReadResource(assembly, "countries.tsv"), ReadResource(assembly, "entities.tsv"), ReadResource(assembly, "cues.tsv"));
    }

    private static string ReadResource(Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream("NewsClassifier.Knowledge." + file)
            ?? throw new InvalidOperationException($"The knowledge base file {file} is not embedded in the library; rebuild NewsClassifier.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<(int LineNo, string[] Cells, bool Ambiguous)> Rows(string tsv, string file, int columns)
    {
        var lineNo = 0;
        var headerSeen = false;
        foreach (var rawLine in tsv.Split('\n'))
        {
            lineNo++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (!headerSeen)
            {
                headerSeen = true;
                continue;
            }
            var ambiguous = false;
            var comment = line.IndexOf("\t#", StringComparison.Ordinal);
            if (comment < 0)
            {
                comment = line.IndexOf(" #", StringComparison.Ordinal);
            }
            if (comment >= 0)
            {
                ambiguous = line[comment..].Contains("ambiguous", StringComparison.OrdinalIgnoreCase);
                line = line[..comment];
            }
            var cells = line.Split('\t');
            if (cells.Length < columns)
            {
                Array.Resize(ref cells, columns);
                for (var k = 0; k < columns; k++)
                {
                    cells[k] ??= "";
                }
            }
            if (cells[0].Trim().Length == 0)
            {
                throw new FormatException($"{file} line {lineNo}: the first column is empty.");
            }
            yield return (lineNo, cells, ambiguous);
        }
    }

    private static List<string> List(string cell) =>
        cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>Names as token sequences, for longest-match lookup over a tokenised story.</summary>
internal sealed class NameTrie
{
    private readonly Node _root = new();

    public int Count { get; private set; }

    public void Add(string name, KnowledgeEntry entry)
    {
        var tokens = Tokenizer.Tokenize(name);
        if (tokens.Count == 0)
        {
            return;
        }
        var node = _root;
        foreach (var token in tokens)
        {
            var key = token.TextIn(name);
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new Node();
                node.Children[key] = child;
                node.UpperChildren ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                node.UpperChildren.TryAdd(key.ToUpperInvariant(), child);
            }
            node = child;
        }
        node.Entries ??= [];
        if (!node.Entries.Contains(entry))
        {
            node.Entries.Add(entry);
            Count++;
        }
    }

    /// <summary>Finds the longest name starting at token <paramref name="start"/>; returns the number of tokens matched.</summary>
    public int LongestMatch(string text, List<Token> tokens, int start, out IReadOnlyList<KnowledgeEntry> entries)
    {
        entries = [];
        var node = _root;
        var best = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            if (i > start && !AdjacentEnough(text, tokens[i - 1], tokens[i]))
            {
                break;
            }
            var child = Step(node, text, tokens[i]);
            if (child is null)
            {
                break;
            }
            node = child;
            if (node.Entries is { Count: > 0 })
            {
                best = i - start + 1;
                entries = node.Entries;
            }
        }
        return best;
    }

    private static Node? Step(Node node, string text, Token token)
    {
        if (node.Children is null)
        {
            return null;
        }
        var lookup = node.Children.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = token.In(text);
        if (lookup.TryGetValue(span, out var exact))
        {
            return exact;
        }
        // Headlines and wire slugs in capitals: "KAZAKHSTAN" matches "Kazakhstan", but "us" never matches "US".
        if (span.Length > 1 && IsAllUpper(span) && node.UpperChildren is not null
            && node.UpperChildren.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(span, out var upper))
        {
            return upper;
        }
        return null;
    }

    // A name does not run across a line break or a wide gap.
    private static bool AdjacentEnough(string text, Token previous, Token next)
    {
        var gap = next.Start - previous.End;
        if (gap > 2)
        {
            return false;
        }
        for (var k = previous.End; k < next.Start; k++)
        {
            if (text[k] == '\n')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> span)
    {
        var letters = 0;
        foreach (var c in span)
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
        return letters > 0;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Dictionary<string, Node>? UpperChildren;
        public List<KnowledgeEntry>? Entries;
    }
}
