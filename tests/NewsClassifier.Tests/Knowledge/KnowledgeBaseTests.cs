using NewsClassifier.Internal.Knowledge;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Tests.Knowledge;

public class KnowledgeBaseTests
{
    private static readonly KnowledgeBase Embedded = KnowledgeBase.Embedded;

    private static KnowledgeEntry? Lookup(string name)
    {
        var tokens = Tokenizer.Tokenize(name);
        var n = Embedded.Names.LongestMatch(name, tokens, 0, out var entries);
        return n == tokens.Count ? entries.FirstOrDefault() : null;
    }

    [Fact]
    public void Should_HaveEveryIsoCountry()
    {
        Assert.True(Embedded.Countries.Count >= 240, $"only {Embedded.Countries.Count} countries");
        foreach (var code in new[] { "KZ", "KG", "TJ", "TM", "UZ", "RU", "CN", "AF", "IR", "TR", "AZ", "PK", "IN", "JP", "KR", "US", "DE", "AE" })
        {
            Assert.NotNull(Embedded.Country(code));
        }
    }

    [Theory]
    [InlineData("Kazakhstan", "KZ")]
    [InlineData("Kyrgyz Republic", "KG")]
    [InlineData("Kazakh", "KZ")]
    [InlineData("Turkmen", "TM")]
    [InlineData("Astana", "KZ")]
    [InlineData("Ashkhabad", "TM")]
    [InlineData("Tokayev", "KZ")]
    [InlineData("Tokaev", "KZ")]
    [InlineData("Mazhilis", "KZ")]
    [InlineData("Ulytau", "KZ")]
    [InlineData("KazMunayGas", "KZ")]
    [InlineData("Samruk-Kazyna", "KZ")]
    [InlineData("Uzbekneftegaz", "UZ")]
    [InlineData("Turkmengaz", "TM")]
    [InlineData("Almaty", "KZ")]
    [InlineData("Alma-Ata", "KZ")]
    [InlineData("Novorossiysk", "RU")]
    [InlineData("Rogun", "TJ")]
    [InlineData("Baikonur", "KZ")]
    [InlineData("Mirziyoyev", "UZ")]
    [InlineData("Japarov", "KG")]
    [InlineData("Rahmon", "TJ")]
    public void Should_PointNamesToTheirCountry(string name, string country)
    {
        var entry = Lookup(name);

        Assert.NotNull(entry);
        Assert.Equal(country, entry.Country);
    }

    [Theory]
    [InlineData("SCO")]
    [InlineData("CSTO")]
    [InlineData("Eurasian Economic Union")]
    [InlineData("United Nations")]
    public void Should_KnowInternationalBodies_WithoutACountry(string name)
    {
        var entry = Lookup(name);

        Assert.NotNull(entry);
        Assert.Equal(EntityType.Organization, entry.Type);
        Assert.Null(entry.Country);
    }

    [Fact]
    public void Should_RefuseARowWithABadCountryCode()
    {
        var ex = Assert.Throws<FormatException>(() => KnowledgeBase.Parse("code\tname\taliases\tadjectives\tcapital\nKAZ\tKazakhstan\t\t\t\n", "type\tcountry\tname\taliases\n"));

        Assert.Contains("line 2", ex.Message);
    }
}
