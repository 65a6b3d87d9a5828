using NewsClassifier.Internal.Text;

namespace NewsClassifier.Tests.Text;

public class TextNormalizerTests
{
    [Fact]
    public void Should_FoldCurlyQuotesAndDashes_When_TextUsesTypography()
    {
        var result = TextNormalizer.Normalize("\u201CUnacceptable,\u201D he said \u2014 it\u2019s 2024\u20132025.");

        Assert.Equal("\"Unacceptable,\" he said - it's 2024-2025.", result);
    }

    [Fact]
    public void Should_ComposeToNfc_When_TextHasCombiningMarks()
    {
        var decomposed = "Tu\u0308rkiye";

        var result = TextNormalizer.Normalize(decomposed);

        Assert.Equal("T\u00FCrkiye", result);
    }

    [Fact]
    public void Should_StripTagsAndDecodeEntities_When_TextIsHtml()
    {
        var html = "<html><head><style>p{color:red}</style></head><body><h1>Kazakhstan &amp; China</h1><p>Talks in <b>Astana</b>&nbsp;ended.</p><script>var x=1;</script></body></html>";

        var result = TextNormalizer.Normalize(html);

        Assert.Equal("Kazakhstan & China\n\nTalks in Astana ended.", result);
    }

    [Fact]
    public void Should_KeepOneBlankLineBetweenParagraphs_When_WhitespaceIsMessy()
    {
        var result = TextNormalizer.Normalize("  First   line.\r\n\r\n\r\n\tSecond\u00A0line.  \n");

        Assert.Equal("First line.\n\nSecond line.", result);
    }

    [Fact]
    public void Should_RemoveInvisibleAndControlCharacters()
    {
        var result = TextNormalizer.Normalize("Bish\u200Bkek\u0007 news\uFEFF");

        Assert.Equal("Bishkek news", result);
    }

    [Fact]
    public void Should_LeaveAngleBracketsAlone_When_TextIsNotHtml()
    {
        var result = TextNormalizer.Normalize("Output rose 5% (<2 mln tonnes) in a < b comparison.");

        Assert.Equal("Output rose 5% (<2 mln tonnes) in a < b comparison.", result);
    }
}
