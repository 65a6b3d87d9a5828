using NewsClassifier.Internal.Knowledge;

namespace NewsClassifier.Internal.Models;

/// <summary>The features the country models see for one candidate country of one story, defined by name.</summary>
internal static class CountryFeatures
{
    /// <summary>What a feature is computed from: the candidate, every candidate of the story, and the text's length.</summary>
    private readonly record struct Story(CountryTally Tally, IReadOnlyList<CountryTally> All, int TextLength, int Total, int Top);

    private static readonly (string Name, Func<Story, float> Value)[] Definitions =
    [
        ("mentions", s => s.Tally.Mentions),
        ("logMentions", s => MathF.Log(1 + s.Tally.Mentions)),
        ("share", s => s.Total == 0 ? 0 : (float)s.Tally.Mentions / s.Total),
        ("shareOfTop", s => s.Top == 0 ? 0 : (float)s.Tally.Mentions / s.Top),
        ("rank", s => 1 + s.All.Count(t => t.Mentions > s.Tally.Mentions)),
        ("candidates", s => s.All.Count),
        ("inHeadline", s => s.Tally.HeadlineMentions > 0 ? 1 : 0),
        ("headlineMentions", s => s.Tally.HeadlineMentions),
        ("firstPosition", s => s.Tally.FirstPosition < 0 || s.TextLength == 0 ? 1f : (float)s.Tally.FirstPosition / s.TextLength),
        ("firstSentence", s => s.Tally.FirstSentenceMentions),
        ("early", s => s.Tally.EarlyMentions),
        ("late", s => s.Tally.LateMentions),
        ("locative", s => s.Tally.LocativeMentions),
        ("locativeShare", s => s.Tally.Mentions == 0 ? 0 : (float)s.Tally.LocativeMentions / s.Tally.Mentions),
        ("byCountryName", s => s.Tally.ByKind[(int)MentionKind.CountryName]),
        ("byAdjective", s => s.Tally.ByKind[(int)MentionKind.Adjective]),
        ("byCapital", s => s.Tally.ByKind[(int)MentionKind.Capital]),
        ("byLocation", s => s.Tally.ByKind[(int)MentionKind.Location]),
        ("byPerson", s => s.Tally.ByKind[(int)MentionKind.Person]),
        ("byOrganization", s => s.Tally.ByKind[(int)MentionKind.Organization]),
        ("byCue", s => s.Tally.ByKind[(int)MentionKind.Cue]),
        ("byGroup", s => s.Tally.ByKind[(int)MentionKind.Group]),
        ("distinctNames", s => s.Tally.Via.Count),
        ("isCentralAsian", s => CountryInfo.CentralAsia.Contains(s.Tally.Code) ? 1 : 0),
        ("logTextLength", s => MathF.Log(1 + s.TextLength)),
        ("onlyCandidate", s => s.All.Count == 1 ? 1 : 0),
        ("onlyCentralAsian", s => CountryInfo.CentralAsia.Contains(s.Tally.Code) && s.All.Count(t => CountryInfo.CentralAsia.Contains(t.Code)) == 1 ? 1 : 0),
    ];

    /// <summary>The number of features, the length of every vector (a constant, for ML.NET's row attributes).</summary>
    public const int Count = 27;

    /// <summary>Feature names in vector order, written to the model card.</summary>
    public static readonly string[] Names = Definitions.Select(d => d.Name).ToArray();

    private static readonly int ShareIndex = Array.IndexOf(Names, "share");

    static CountryFeatures()
    {
        if (Definitions.Length != Count)
        {
            throw new InvalidOperationException($"CountryFeatures.Count is {Count} but {Definitions.Length} features are defined.");
        }
    }

    /// <summary>The candidate's share of all country mentions: the ranking used when a folder has no country models.</summary>
    public static float Share(float[] features) => features[ShareIndex];

    public static float[] For(CountryTally tally, IReadOnlyList<CountryTally> all, int textLength)
    {
        var story = new Story(tally, all, textLength, all.Sum(t => t.Mentions), all.Max(t => t.Mentions));
        var f = new float[Definitions.Length];
        for (var k = 0; k < f.Length; k++)
        {
            f[k] = Definitions[k].Value(story);
        }
        return f;
    }
}
