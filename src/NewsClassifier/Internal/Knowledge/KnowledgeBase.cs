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

    /// <summary>The words around names that type them ("President", "LLP", "district").</summary>
    public NameCues Cues { get; private init; } = EmbeddedCues.Value;

    private static readonly Lazy<NameCues> EmbeddedCues = new(() => NameCues.Parse(ReadResource(typeof(KnowledgeBase).Assembly, "name-cues.tsv")));

    /// <summary>The files of a knowledge base, as text; all but the countries may be empty (tests use small fixtures).</summary>
    public sealed record Sources(string Countries, string Entities, string Cues = "", string Places = "", string Groups = "", string NameCues = "", string Organizations = "");

    /// <summary>Builds a knowledge base from the text of its files (used by tests with small fixtures).</summary>
    public static KnowledgeBase Parse(string countriesTsv, string entitiesTsv, string cuesTsv = "") =>
        Parse(new Sources(countriesTsv, entitiesTsv, cuesTsv));

    /// <summary>Builds a knowledge base from the text of its files.</summary>
    public static KnowledgeBase Parse(Sources files)
    {
        var countries = new Dictionary<string, CountryInfo>(StringComparer.Ordinal);
        var trie = new NameTrie();
        foreach (var (lineNo, cells) in TsvRows.Read(files.Countries, "countries.tsv", ["code", "name", "aliases", "adjectives", "capital"]))
        {
            var code = cells["code"].ToUpperInvariant();
            if (code.Length != 2)
            {
                throw new FormatException($"countries.tsv line {lineNo}: '{cells["code"]}' is not an ISO alpha-2 code.");
            }
            var name = cells["name"];
            countries[code] = new CountryInfo(code, name);
            // A country's own name always counts; the other reading of an ambiguous name ("Georgia", the US
            // state) is an entities.tsv row flagged ambiguous, and context decides between the two.
            var entry = new KnowledgeEntry(name, EntityType.Country, MentionKind.CountryName, code, NeedsContext: false);
            trie.Add(name, entry);
            foreach (var alias in List(cells["aliases"]))
            {
                trie.Add(alias, entry);
            }
            var adjective = new KnowledgeEntry(name, EntityType.Country, MentionKind.Adjective, code, NeedsContext: false);
            foreach (var adj in List(cells["adjectives"]))
            {
                trie.Add(adj, adjective);
            }
            var capitals = List(cells["capital"]);
            if (capitals.Count > 0)
            {
                var capital = new KnowledgeEntry(capitals[0], EntityType.Location, MentionKind.Capital, code, HasFlag(cells, "ambiguous"));
                foreach (var cap in capitals)
                {
                    trie.Add(cap, capital);
                }
            }
        }
        AddEntities(files.Entities, "entities.tsv", countries, trie);
        AddEntities(files.Places, "places.tsv", countries, trie);
        AddEntities(files.Organizations, "organizations.tsv", countries, trie);
        foreach (var (lineNo, cells) in TsvRows.Read(files.Cues, "cues.tsv", ["country", "cues"]))
        {
            var country = KnownCountry(cells["country"], countries, "cues.tsv", lineNo);
            foreach (var cue in List(cells["cues"]))
            {
                trie.Add(cue, new KnowledgeEntry(cue, EntityType.Location, MentionKind.Cue, country, NeedsContext: false));
            }
        }
        foreach (var (lineNo, cells) in TsvRows.Read(files.Groups, "groups.tsv", ["name", "members", "aliases"]))
        {
            var members = List(cells["members"]).Select(m => KnownCountry(m, countries, "groups.tsv", lineNo)).ToList();
            var entry = new KnowledgeEntry(cells["name"], EntityType.Organization, MentionKind.Group, null, NeedsContext: false) { Members = members };
            trie.Add(cells["name"], entry);
            foreach (var alias in List(cells["aliases"]))
            {
                trie.Add(alias, entry);
            }
        }
        // Test fixtures that bring no cue words of their own use the shipped ones.
        return new KnowledgeBase(countries, trie) { Cues = files.NameCues.Length == 0 ? EmbeddedCues.Value : NameCues.Parse(files.NameCues) };
    }

    private static void AddEntities(string tsv, string file, Dictionary<string, CountryInfo> countries, NameTrie trie)
    {
        foreach (var (lineNo, cells) in TsvRows.Read(tsv, file, ["type", "country", "name", "aliases"]))
        {
            if (!Enum.TryParse<EntityType>(cells["type"], ignoreCase: true, out var type) || type == EntityType.Country)
            {
                throw new FormatException($"{file} line {lineNo}: type '{cells["type"]}' must be PERSON, LOCATION or ORGANIZATION.");
            }
            var country = cells["country"].Length == 0 ? null : KnownCountry(cells["country"], countries, file, lineNo);
            var kind = type switch
            {
                EntityType.Person => MentionKind.Person,
                EntityType.Organization => MentionKind.Organization,
                _ => MentionKind.Location,
            };
            var entry = new KnowledgeEntry(cells["name"], type, kind, country, HasFlag(cells, "ambiguous")) { IsEvidence = !HasFlag(cells, "media") };
            trie.Add(cells["name"], entry);
            foreach (var alias in List(cells["aliases"]))
            {
                trie.Add(alias, entry);
            }
        }
    }

    private static string KnownCountry(string cell, Dictionary<string, CountryInfo> countries, string file, int lineNo)
    {
        var code = cell.Trim().ToUpperInvariant();
        return countries.ContainsKey(code) ? code : throw new FormatException($"{file} line {lineNo}: '{cell}' is not a country of countries.tsv.");
    }

    private static bool HasFlag(IReadOnlyDictionary<string, string> cells, string flag) =>
        cells.TryGetValue("flags", out var flags) && List(flags).Contains(flag, StringComparer.OrdinalIgnoreCase);

    private static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        return Parse(new Sources(
            ReadResource(assembly, "countries.tsv"), ReadResource(assembly, "entities.tsv"), ReadResource(assembly, "cues.tsv"),
            ReadResource(assembly, "places.tsv"), ReadResource(assembly, "groups.tsv"), ReadResource(assembly, "name-cues.tsv"),
            ReadResource(assembly, "organizations.tsv")));
    }

    private static string ReadResource(Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream("NewsClassifier.Knowledge." + file)
            ?? throw new InvalidOperationException($"The knowledge base file {file} is not embedded in the library; rebuild NewsClassifier.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
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
