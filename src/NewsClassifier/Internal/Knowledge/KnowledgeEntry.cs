namespace NewsClassifier.Internal.Knowledge;

/// <summary>How a name points to its country; the country model weighs these differently.</summary>
internal enum MentionKind
{
    CountryName,
    Adjective,
    Capital,
    Location,
    Person,
    Organization,

    /// <summary>A currency, a local office or unit ("tenge", "akimat"): evidence for a country, not an entity.</summary>
    Cue,

    /// <summary>A multilateral format that stands for its members ("C5+1", "the five Central Asian states").</summary>
    Group,
}

/// <summary>One thing the knowledge base knows, reachable under one or more surface forms.</summary>
/// <param name="Canonical">The preferred name, e.g. "Kassym-Jomart Tokayev".</param>
/// <param name="Country">ISO alpha-2 code, or null for international bodies.</param>
/// <param name="NeedsContext">True for names that are common words elsewhere ("Mary", "Georgia" as a US state):
/// they count only when the story carries other evidence for the same country.</param>
internal sealed record KnowledgeEntry(string Canonical, EntityType Type, MentionKind Kind, string? Country, bool NeedsContext)
{
    /// <summary>False for news outlets: "Reuters reported" says nothing about what the story is about.</summary>
    public bool IsEvidence { get; init; } = true;

    /// <summary>The member countries of a <see cref="MentionKind.Group"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
}

/// <summary>A country with its display name and whether it is one of the five Central Asian states.</summary>
internal sealed record CountryInfo(string Code, string Name)
{
    public static readonly IReadOnlySet<string> CentralAsia = new HashSet<string>(StringComparer.Ordinal) { "KZ", "KG", "TJ", "TM", "UZ" };

    public bool IsCentralAsian => CentralAsia.Contains(Code);
}
