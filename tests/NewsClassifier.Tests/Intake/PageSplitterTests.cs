using FsCheck.Xunit;
using NewsClassifier.Internal.Intake;
using Xunit.Abstractions;

namespace NewsClassifier.Tests.Intake;

public class PageSplitterTests(ITestOutputHelper output)
{
    private static IReadOnlyList<PageStory> SplitFixture(string name) =>
        NewsIntake.SplitPage(File.ReadAllText(TestPaths.TestData("pages", name)));

    [Fact]
    public void Should_SplitArticlePageIntoItsStories_And_KeepSubheadsInTheBody()
    {
        var stories = SplitFixture("article-page.txt");

        Assert.Equal(
            [
                "Kyrgyzstan Opens Investigation After Mudflow Hits Village Near Osh",
                "Uzbekistan and Turkey Sign Textile Investment Package Worth $600 Million",
                "Tajikistan Bans Export of Scrap Metal",
            ],
            stories.Select(s => s.Title));
        Assert.Contains("Rescue Work Continues", stories[0].Text);
        Assert.Contains("Who Is Responsible?", stories[0].Text);
    }

    [Fact]
    public void Should_DropTickerAndDateLines()
    {
        var stories = SplitFixture("article-page.txt");

        Assert.All(stories, s =>
        {
            Assert.DoesNotContain("/USD", s.Text);
            Assert.DoesNotContain("3 March 2026", s.Text);
        });
    }

    [Fact]
    public void Should_SplitAuthorPageAtRelativeTimes_And_DropTheAuthorBlock()
    {
        var stories = SplitFixture("author-page.txt");

        Assert.Equal(
            ["Almaty Heating Plant Switches Second Unit to Gas", "Kazakh Wheat Exports Through Iran Double in Winter", "Turkmenistan Hosts Caspian Littoral Talks in Awaza"],
            stories.Select(s => s.Title));
        Assert.All(stories, s =>
        {
            Assert.DoesNotContain("Dana Serikbayeva", s.Text);
            Assert.DoesNotContain("Correspondent", s.Text);
            Assert.DoesNotContain("ago", s.Text);
        });
    }

    [Fact]
    public void Should_MarkStoryTruncated_When_ItEndsWithEllipsis()
    {
        var stories = SplitFixture("author-page.txt");

        Assert.Equal([true, false, false], stories.Select(s => s.Truncated));
    }

    // The layout rules the line classifier replaced stay as the baseline of 'newsclf evaluate-pages --splitter rules'.
    [Theory]
    [InlineData("Calls for Stronger Oversight", false)]
    [InlineData("Kazakhstan's Gas Supply Strategy", false)]
    [InlineData("Strategic Importance of Gasification", false)]
    [InlineData("Kazakhstan Bans Coal Exports", true)]
    [InlineData("Turkmenistan Plans to Raise Conscription Age", true)]
    [InlineData("After Deadly Mining Accident, Kazakhstan to Inspect Hazardous Industries", true)]
    public void Should_TellHeadlinesFromSubheads(string line, bool isHeadline)
    {
        Assert.Equal(isHeadline, PageSplitter.IsHeadline(line));
    }

    /// <summary>Guards issue #16: the learned line classifier must still split the two real seed pages as the rules did.</summary>
    [SkippableFact]
    public void Should_SplitTheSharedSeedPagesIntoTheirElevenStories_Issue16()
    {
        var shared = TestPaths.Shared();
        Skip.If(shared is null, "../shared/seed-pages is not on this machine");
        var stories = Directory.GetFiles(Path.Combine(shared!, "seed-pages"), "page-*.txt").Order()
            .SelectMany(p => NewsIntake.SplitPage(File.ReadAllText(p))).ToList();
        foreach (var s in stories)
        {
            output.WriteLine($"{s.Title} ({s.Text.Length} chars, {s.DroppedLines} dropped{(s.Truncated ? ", truncated" : "")})");
        }

        Assert.Equal(11, stories.Count);
        Assert.Contains(stories, s => s.Title == "Turkmenistan Plans to Raise Conscription Age");
        Assert.Contains(stories, s => s.Title == "Kazakhstan Launches Smart City Project in Taldykorgan");
        Assert.All(stories, s =>
        {
            Assert.DoesNotContain("/USD =", s.Text);
            Assert.DoesNotContain("hours ago", s.Text);
            Assert.DoesNotContain("Avatar", s.Text);
            Assert.DoesNotContain("December 2025\n", s.Text);
        });
        Assert.Single(stories, s => s.Truncated);
    }

    [Property(MaxTest = 200)]
    public bool Should_NeverThrow_And_ReturnNonEmptyStories_ForAnyInput(string? input)
    {
        var stories = NewsIntake.SplitPage(input ?? "");
        return stories.All(s => s.Title.Length > 0 && s.Text.Length > 0);
    }
}
