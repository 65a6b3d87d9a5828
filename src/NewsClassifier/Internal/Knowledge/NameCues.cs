namespace NewsClassifier.Internal.Knowledge;

/// <summary>
/// The words around capitalised names that say what kind of name a run is ("President", "LLP", "district"),
/// read from <c>Knowledge/Data/name-cues.tsv</c> so that they can be changed without touching code.
/// </summary>
internal sealed class NameCues
{
    private NameCues(Dictionary<string, HashSet<string>> byRole)
    {
        HashSet<string> Get(string role, StringComparer comparer) =>
            new(byRole.TryGetValue(role, out var words) ? words : [], comparer);

        Connectors = Get("connector", StringComparer.Ordinal);
        PersonTitles = Get("person-title", StringComparer.OrdinalIgnoreCase);
        OrganizationSuffixes = Get("organization-suffix", StringComparer.Ordinal);
        OrganizationHeads = Get("organization-head", StringComparer.Ordinal);
        LocationSuffixes = Get("location-suffix", StringComparer.Ordinal);
        LocationPrepositions = Get("location-preposition", StringComparer.Ordinal);
        NotNames = Get("not-a-name", StringComparer.Ordinal);
        ExpertNouns = Get("expert-noun", StringComparer.OrdinalIgnoreCase);
        InternationalFirstWords = Get("international-first-word", StringComparer.Ordinal);
        DocumentWords = Get("document-word", StringComparer.Ordinal);
        NonNames = Get("non-name", StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Connectors { get; }
    public IReadOnlySet<string> PersonTitles { get; }
    public IReadOnlySet<string> OrganizationSuffixes { get; }
    public IReadOnlySet<string> OrganizationHeads { get; }
    public IReadOnlySet<string> LocationSuffixes { get; }
    public IReadOnlySet<string> LocationPrepositions { get; }
    public IReadOnlySet<string> NotNames { get; }
    public IReadOnlySet<string> ExpertNouns { get; }
    public IReadOnlySet<string> InternationalFirstWords { get; }
    public IReadOnlySet<string> DocumentWords { get; }
    public IReadOnlySet<string> NonNames { get; }

    public static NameCues Parse(string tsv)
    {
        var byRole = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, cells) in TsvRows.Read(tsv, "name-cues.tsv", ["role", "word"]))
        {
            var role = cells["role"];
            if (!byRole.TryGetValue(role, out var words))
            {
                byRole[role] = words = new HashSet<string>(StringComparer.Ordinal);
            }
            words.Add(cells["word"]);
        }
        return new NameCues(byRole);
    }
}
