using NewsClassifier.Internal.Knowledge;

namespace NewsClassifier.Tests.Entities;

/// <summary>Issue 14: country evidence from passing mentions and multilateral formats.</summary>
public class PassingMentionTests
{
    private static readonly EntitySpotter Spotter = new(KnowledgeBase.Embedded);

    private static List<CountryTally> Evidence(string text)
    {
        var names = Spotter.Spot(text);
        return CountryEvidenceBuilder.Tally("", [], text, names);
    }

    [Fact]
    public void Should_NotCountUsDollarAmounts_As_TheUnitedStates()
    {
        var text = "Uzbekistan will spend US$ 40 million on schools in Namangan, paid in US dollars.";

        Assert.DoesNotContain(Evidence(text), t => t.Code == "US");
        Assert.DoesNotContain(Spotter.Spot(text), n => text[n.Start..n.End] == "US" && n.Kind == MentionKind.CountryName && !n.Passing);
    }

    [Fact]
    public void Should_NotCountANewsAgency_As_EvidenceForItsCountry()
    {
        var evidence = Evidence("Kyrgyzstan raised electricity tariffs in Osh, Reuters reported, citing TASS.");

        Assert.Contains(evidence, t => t.Code == "KG");
        Assert.DoesNotContain(evidence, t => t.Code is "GB" or "RU");
    }

    [Fact]
    public void Should_NotCountAQuotedOutsidersNationality()
    {
        var evidence = Evidence("Tajikistan opened the Rogun turbine, a British analyst said.");

        Assert.DoesNotContain(evidence, t => t.Code == "GB");
    }

    [Fact]
    public void Should_CountEveryMemberOfTheFiveStates_When_AC5Plus1MeetingIsNamed()
    {
        var evidence = Evidence("Ministers met in the C5+1 format in New York on Tuesday.");

        Assert.Equal(["KG", "KZ", "TJ", "TM", "UZ"], evidence.Where(t => CountryInfo.CentralAsia.Contains(t.Code)).Select(t => t.Code).Order());
    }

    [Fact]
    public void Should_FindTheCountryOfAWorldCity_OutsideTheCentralAsianGazetteer()
    {
        var evidence = Evidence("Firefighters in Winnipeg contained the blaze overnight.");

        Assert.Contains(evidence, t => t.Code == "CA");
    }
}
