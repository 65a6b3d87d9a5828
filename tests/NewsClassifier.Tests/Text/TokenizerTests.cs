using FsCheck.Fluent;
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

/// <summary>Issue 15, case 6: a story made of one abbreviation repeated 200,000 times took 133 s to tokenize.</summary>
public class TokenizerWorstCaseTests
{
    // Runs of dotted words are the worst case: every dot used to rescan the word built so far.
    private static readonly string[] Units = ["U.S.", "U.S", "A.B.C.", "e.g.", "Mr.", "J.", "U.S.-", "a.", "U.S.A."];

    // The quadratic tokenizer needed minutes for 800,000 characters; linear work takes milliseconds. The budget is
    // far from both so that a busy machine cannot make the test flaky (speed itself is measured in benchmarks/).
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Property(MaxTest = 6)]
    public FsCheck.Property Should_TokenizeARepeatedAbbreviationWithinABudget_When_TheStoryIs800kCharacters()
    {
        var stories = Gen.Elements(Units)
            .Select(unit => string.Concat(Enumerable.Repeat(unit, 800_000 / unit.Length)))
            .ToArbitrary();
        return Prop.ForAll(stories, story =>
        {
            // Given a generated story of one dotted unit repeated up to 800,000 characters.
            var clock = System.Diagnostics.Stopwatch.StartNew();

            // When it is tokenized.
            var tokens = Tokenizer.Tokenize(story);

            // Then it finishes within the budget and the tokens still cover the text in order.
            clock.Stop();
            return clock.Elapsed < Budget && tokens.Count > 0 && tokens[^1].End <= story.Length;
        });
    }

    [Fact]
    public void Should_TagUS200000TimesWithinABudget_When_ItIsUnderTheDefaultMaxLength()
    {
        // Given the story from the issue: "U.S." 200,000 times, 800,000 characters (under the 1,000,000 default limit).
        var story = string.Concat(Enumerable.Repeat("U.S.", 200_000));
        var tagger = NewsTagger.Load(TestPaths.Models);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // When the whole tagger runs on it.
        var result = tagger.Tag(new NewsArticle("us", story, "Officials"));

        // Then it answers within the budget.
        clock.Stop();
        Assert.True(clock.Elapsed < Budget, $"tagging took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Succeeded);
    }

    [Property(MaxTest = 500)]
    public FsCheck.Property Should_SplitLikeTheWordByWordRescan_ForAnyMixOfLettersAndDots()
    {
        var alphabet = Gen.Elements('U', 'S', 'e', 'g', 'M', 'r', 'x', '.', '.', ' ', '-', '\'', '1');
        var texts = Gen.ArrayOf(alphabet).Select(chars => new string(chars)).ToArbitrary();
        return Prop.ForAll(texts, text =>
            Tokenizer.Tokenize(text).Select(t => (t.Start, t.End)).SequenceEqual(ReferenceWordSpans(text)));
    }

    /// <summary>The tokenizer as it was before the fix (rescanning the word at each dot), kept as the reference.</summary>
    private static IEnumerable<(int Start, int End)> ReferenceWordSpans(string text)
    {
        var old = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsDigit(c))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || ((text[i] == '.' || text[i] == ',') && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
                {
                    i++;
                }
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }
            }
            else if (char.IsLetter(c))
            {
                while (i < text.Length)
                {
                    var d = text[i];
                    if (char.IsLetterOrDigit(d)
                        || ((d == '-' || d == '\'') && i + 1 < text.Length && char.IsLetter(text[i + 1])
                            && !(d == '\'' && (text[i + 1] == 's' || text[i + 1] == 'S') && (i + 2 >= text.Length || !char.IsLetter(text[i + 2]))))
                        || (d == '.' && OldAbbreviationDot(text, start, i)))
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }
            }
            else
            {
                i++;
            }
            old.Add((start, i));
        }
        return old;
    }

    private static bool OldAbbreviationDot(string text, int start, int dot)
    {
        var word = text.AsSpan(start, dot - start);
        if (dot + 1 < text.Length && char.IsLetter(text[dot + 1]) && OldDottedInitials(word))
        {
            return dot + 2 >= text.Length || !char.IsLetter(text[dot + 2]);
        }
        if (OldDottedInitials(word) && word.Length > 1)
        {
            return true;
        }
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }
        return Abbreviations.IsKnown(word);
    }

    private static bool OldDottedInitials(ReadOnlySpan<char> word)
    {
        for (var k = 0; k < word.Length; k++)
        {
            if (k % 2 == 0 ? !char.IsLetter(word[k]) : word[k] != '.')
            {
                return false;
            }
        }
        return true;
    }
}
