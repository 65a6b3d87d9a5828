using FsCheck.Xunit;
using NewsClassifier.Internal.Text;

namespace NewsClassifier.Tests.Text;

public class TokenizerTests
{
    private static List<string> Words(string text) => Tokenizer.Tokenize(text).Select(t => t.TextIn(text)).ToList();

    [Theory]
    [InlineData("The U.S. embassy", new[] { "The", "U.S.", "embassy" })]
    [InlineData("on Feb. 3 in Astana", new[] { "on", "Feb.", "3", "in", "Astana" })]
    [InlineData("J. Smith said", new[] { "J.", "Smith", "said" })]
    [InlineData("Kassym-Jomart Tokayev", new[] { "Kassym-Jomart", "Tokayev" })]
    [InlineData("rose 3.5% to 1,250.75 tenge", new[] { "rose", "3.5%", "to", "1,250.75", "tenge" })]
    [InlineData("KGS/USD = 0.01144", new[] { "KGS", "/", "USD", "=", "0.01144" })]
    [InlineData("Kazakhstan's gas", new[] { "Kazakhstan", "'", "s", "gas" })]
    [InlineData("\"Unacceptable,\" he said.", new[] { "\"", "Unacceptable", ",", "\"", "he", "said", "." })]
    public void Should_SplitNewsTextIntoExpectedTokens(string text, string[] expected)
    {
        Assert.Equal(expected, Words(text));
    }

    [Fact]
    public void Should_EndWordBeforeSentenceDot_When_WordIsNotAnAbbreviation()
    {
        Assert.Equal(["Astana", "."], Words("Astana."));
    }

    [Property(MaxTest = 300)]
    public bool Should_ReturnOrderedSpansInsideTheText_ForAnyString(string? input)
    {
        var text = input ?? "";
        var tokens = Tokenizer.Tokenize(text);
        var previousEnd = 0;
        foreach (var token in tokens)
        {
            if (token.Start < previousEnd || token.End <= token.Start || token.End > text.Length)
            {
                return false;
            }
            previousEnd = token.End;
        }
        return true;
    }
}
