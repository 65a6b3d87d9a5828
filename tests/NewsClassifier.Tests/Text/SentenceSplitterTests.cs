using NewsClassifier.Internal.Text;

namespace NewsClassifier.Tests.Text;

public class SentenceSplitterTests
{
    private static List<string> Sentences(string text) => SentenceSplitter.Split(text).Select(s => text[s.Start..s.End]).ToList();

    [Fact]
    public void Should_NotSplitAtAbbreviationsOrInitials()
    {
        var text = "Mr. J. Kaliyev met U.S. officials on Feb. 3 in Astana. Talks continue on Tuesday.";

        Assert.Equal(["Mr. J. Kaliyev met U.S. officials on Feb. 3 in Astana.", "Talks continue on Tuesday."], Sentences(text));
    }

    [Fact]
    public void Should_KeepClosingQuoteWithItsSentence()
    {
        var text = "\"We are ready.\" The minister left. Output rose 2.5% in May.";

        Assert.Equal(["\"We are ready.\"", "The minister left.", "Output rose 2.5% in May."], Sentences(text));
    }

    [Fact]
    public void Should_BreakAtLineBreaks_When_LinesHaveNoFinalPunctuation()
    {
        var text = "Calls for Stronger Oversight\nThe parliament is pushing for stricter rules.";

        Assert.Equal(["Calls for Stronger Oversight", "The parliament is pushing for stricter rules."], Sentences(text));
    }

    [Fact]
    public void Should_NotSplitDecimalNumbers()
    {
        Assert.Single(Sentences("The rate was 0.01144 on Monday and 1.5 on Tuesday."));
    }
}
