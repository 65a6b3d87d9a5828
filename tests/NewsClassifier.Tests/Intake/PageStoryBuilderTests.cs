using NewsClassifier.Internal.Intake;

namespace NewsClassifier.Tests.Intake;

public class PageStoryBuilderTests
{
    private static List<PageStory> Build(string annotated)
    {
        var page = PageFixture.Read("test.page.tsv", annotated);
        return PageStoryBuilder.Build(page.Lines, page.Classes).Select(b => b.Story).ToList();
    }

    [Fact]
    public void Should_CountDroppedLines_When_FurnitureFallsInsideAStory()
    {
        var stories = Build("H\tAlmaty Opens Two Metro Stations\nF\tMarch 20, 2018\nB\tTwo stations opened on Friday.\nF\tAdvertisement\nB\tThe line now reaches Kalkaman.\nF\tShare\n");

        var story = Assert.Single(stories);
        Assert.Equal(2, story.DroppedLines);
        Assert.Equal("Two stations opened on Friday.\n\nThe line now reaches Kalkaman.", story.Text);
        Assert.Equal("2018-03-20", story.Published);
    }

    [Fact]
    public void Should_KeepTheGluedTimestampAsPublished_And_StripItFromTheTitle()
    {
        var stories = Build("H\t20.03.2018 10:56 Kazakhstan Raises Gas Price Cap\nB\tIndustrial users will pay more.\nB\tHouseholds are not affected.\n");

        var story = Assert.Single(stories);
        Assert.Equal("Kazakhstan Raises Gas Price Cap", story.Title);
        Assert.Equal("2018-03-20T10:56:00", story.Published);
        Assert.Equal(0, story.DroppedLines);
    }

    [Fact]
    public void Should_MarkTheStoryTruncated_When_TheTeaserIsCutWithReadMore()
    {
        var stories = Build("H\tBishkek Bans Coal Heating\nT\tNew buildings must use gas or electricity from next year... Read more\nH\tOsh Bazaar Moves\nT\tTraders moved into a new building.\n");

        Assert.Equal([true, false], stories.Select(s => s.Truncated));
        Assert.Equal("New buildings must use gas or electricity from next year...", stories[0].Text);
    }

    [Fact]
    public void Should_MakeNoStory_When_AHeadlineHasNoTextUnderIt()
    {
        var stories = Build("H\tRelated: Five Things to Know\nF\tMore\nH\tA Real Story\nB\tWith a paragraph.\n");

        Assert.Equal(["A Real Story"], stories.Select(s => s.Title));
    }
}
