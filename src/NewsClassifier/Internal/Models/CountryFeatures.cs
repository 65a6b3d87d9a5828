using NewsClassifier.Internal.Knowledge;

namespace NewsClassifier.Internal.Models;

/// <summary>The features the country models see for one candidate country of one story.</summary>
internal static class CountryFeatures
{
    public const int Count = 23;

    /// <summary>Feature names in vector order, written to the model card.</summary>
    public static readonly string[] Names =
    [
        "mentions", "logMentions", "share", "shareOfTop", "rank", "candidates", "inHeadline", "headlineMentions",
        "firstPosition", "firstSentence", "early", "late",
        "byCountryName", "byAdjective", "byCapital", "byLocation", "byPerson", "byOrganization", "byCue",
        "distinctNames", "isCentralAsian", "logTextLength", "onlyCandidate",
    ];

    public static float[] For(CountryTally tally, IReadOnlyList<CountryTally> all, int textLength)
    {
        var total = all.Sum(t => t.Mentions);
        var top = all.Max(t => t.Mentions);
        var rank = 1 + all.Count(t => t.Mentions > tally.Mentions);
        var f = new float[Count];
        f[0] = tally.Mentions;
        f[1] = MathF.Log(1 + tally.Mentions);
        f[2] = total == 0 ? 0 : (float)tally.Mentions / total;
        f[3] = top == 0 ? 0 : (float)tally.Mentions / top;
        f[4] = rank;
        f[5] = all.Count;
        f[6] = tally.HeadlineMentions > 0 ? 1 : 0;
        f[7] = tally.HeadlineMentions;
        f[8] = tally.FirstPosition < 0 || textLength == 0 ? 1f : (float)tally.FirstPosition / textLength;
        f[9] = tally.FirstSentenceMentions;
        f[10] = tally.EarlyMentions;
        f[11] = tally.LateMentions;
        for (var k = 0; k < 7; k++)
        {
            f[12 + k] = tally.ByKind[k];
        }
        f[19] = tally.Via.Count;
        f[20] = CountryInfo.CentralAsia.Contains(tally.Code) ? 1 : 0;
        f[21] = MathF.Log(1 + textLength);
        f[22] = all.Count == 1 ? 1 : 0;
        return f;
    }
}
