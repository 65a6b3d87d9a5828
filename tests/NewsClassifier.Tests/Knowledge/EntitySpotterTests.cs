using FsCheck.Xunit;
using NewsClassifier.Internal.Knowledge;

namespace NewsClassifier.Tests.Knowledge;

public class EntitySpotterTests
{
    private const string Countries = "code\tname\taliases\tadjectives\tcapital\n"
        + "KZ\tKazakhstan\tRepublic of Kazakhstan\tKazakh|Kazakhstani\tAstana|Nur-Sultan\n"
        + "GE\tGeorgia\t\tGeorgian\tTbilisi\n"
        + "US\tUnited States\tUS|U.S.|USA\tAmerican\tWashington\n"
        + "TM\tTurkmenistan\t\tTurkmen\tAshgabat|Ashkhabad\n";

    private const string Entities = "type\tcountry\tname\taliases\tflags\n"
        + "PERSON\tKZ\tKassym-Jomart Tokayev\tTokayev|Tokaev\n"
        + "ORGANIZATION\tKZ\tKazMunayGas\tKMG\n"
        + "LOCATION\tKZ\tUlytau\tUlytau region\n"
        + "LOCATION\tUS\tGeorgia\t\tambiguous\n"
        + "LOCATION\tUS\tAtlanta\t\n"
        + "LOCATION\tTM\tMary\t\tambiguous\n";

    private static readonly EntitySpotter Spotter = new(KnowledgeBase.Parse(Countries, Entities));

    private static List<(string Text, EntityType Type, string? Country)> Spot(string text) =>
        Spotter.Spot(text).Select(s => (text[s.Start..s.End], s.Type, s.Country)).ToList();

    [Fact]
    public void Should_PreferTheLongestName()
    {
        var names = Spot("The Republic of Kazakhstan said Kassym-Jomart Tokayev would visit the Ulytau region.");

        Assert.Contains(("Republic of Kazakhstan", EntityType.Country, "KZ"), names);
        Assert.Contains(("Kassym-Jomart Tokayev", EntityType.Person, "KZ"), names);
        Assert.Contains(("Ulytau region", EntityType.Location, "KZ"), names);
        Assert.DoesNotContain(names, n => n.Text == "Kazakhstan");
    }

    [Fact]
    public void Should_MatchTransliterationVariants()
    {
        Assert.Contains(("Tokaev", EntityType.Person, "KZ"), Spot("President Tokaev arrived."));
        Assert.Contains(("Nur-Sultan", EntityType.Location, "KZ"), Spot("Talks were held in Nur-Sultan."));
    }

    [Fact]
    public void Should_BeCaseAware_But_AcceptAllCapsHeadlines()
    {
        Assert.DoesNotContain(Spot("Let us go."), n => n.Country == "US");
        Assert.Contains(("US", EntityType.Country, "US"), Spot("The US said."));
        Assert.Contains(("KAZAKHSTAN", EntityType.Country, "KZ"), Spot("KAZAKHSTAN RAISES OIL OUTPUT"));
    }

    [Fact]
    public void Should_ReadGeorgiaAsTheCountry_When_ContextIsCaucasian()
    {
        var names = Spot("Georgia and Kazakhstan agreed on transit; officials met in Tbilisi.");

        Assert.Contains(("Georgia", EntityType.Country, "GE"), names);
    }

    [Fact]
    public void Should_ReadGeorgiaAsTheUsState_When_ContextIsAmerican()
    {
        var names = Spot("A plant in Georgia will be built near Atlanta, American officials said, with US support.");

        Assert.Contains(("Georgia", EntityType.Location, "US"), names);
    }

    [Fact]
    public void Should_IgnoreAmbiguousPlaceName_When_NothingSupportsIt()
    {
        Assert.DoesNotContain(Spot("Mary Jones opened an exhibition."), n => n.Country == "TM");
        Assert.Contains(("Mary", EntityType.Location, "TM"), Spot("Gas output in Mary rose, Turkmen officials said."));
    }

    [Fact]
    public void Should_GuessTypesOfUnknownNamesFromCues()
    {
        var names = Spot("Deputy Arman Kalykov asked Zhomart Mining LLP and the Ministry of Industry to act in the Zhanaarka district.");

        Assert.Contains(names, n => n.Text == "Arman Kalykov" && n.Type == EntityType.Person);
        Assert.Contains(names, n => n.Text == "Zhomart Mining LLP" && n.Type == EntityType.Organization);
        Assert.Contains(names, n => n.Text == "Ministry of Industry" && n.Type == EntityType.Organization);
        Assert.Contains(names, n => n.Text == "Zhanaarka district" && n.Type == EntityType.Location);
    }

    [Fact]
    public void Should_GiveUnknownNameACountry_Only_When_ACountryWordStandsBesideIt()
    {
        var names = Spot("Kazakh company Qazaq Solar LLP signed a deal. Later Blue Sky LLP joined.");

        Assert.Contains(names, n => n.Text == "Qazaq Solar LLP" && n.Country == "KZ");
        Assert.Contains(names, n => n.Text == "Blue Sky LLP" && n.Country is null);
    }

    [Fact]
    public void Should_KeepPossessiveNamesWhole()
    {
        Assert.Contains(Spot("The General Prosecutor's Office denied it."), n => n.Text == "General Prosecutor's Office" && n.Type == EntityType.Organization);
    }

    [Property(MaxTest = 300)]
    public bool Should_ReturnSpansThatLieInsideAndMatchTheText_ForAnyString(string? input)
    {
        var text = (input ?? "") + " Kazakhstan and Tokayev met KMG in Astana.";
        return Spotter.Spot(text).All(s => s.Start >= 0 && s.End <= text.Length && s.Start < s.End && text[s.Start..s.End].Trim().Length > 0);
    }
}
