using NewsClassifier.Internal.Intake;

namespace NewsClassifier.Tests.Intake;

public class PageDatesTests
{
    [Theory]
    [InlineData("Tue, 20 Mar 2018 22:15:24 +0600", "2018-03-20T22:15:24+06:00")]
    [InlineData("20.03.2018 10:56", "2018-03-20T10:56:00")]
    [InlineData("20.03.2018", "2018-03-20")]
    [InlineData("March 20, 2018", "2018-03-20")]
    [InlineData("20 March 2018, 10:56", "2018-03-20T10:56:00")]
    [InlineData("2018-03-20 22:15", "2018-03-20T22:15:00")]
    [InlineData("20 марта 2018, 10:56", "2018-03-20T10:56:00")]
    [InlineData("March 5, 2021 3:07 PM GMT+6 Updated 2 hours ago", "2021-03-05T15:07:00")]
    [InlineData("Posted on July 4, 2019 by admin", "2019-07-04")]
    public void Should_ReadTheDate_When_ThePageWritesItThisWay(string line, string iso)
    {
        Assert.Equal(iso, PageDates.ToIso(line));
    }

    [Theory]
    [InlineData("2 hours ago")]
    [InlineData("Views: 260")]
    [InlineData("31.02.2018")]
    public void Should_GiveNoDate_When_NothingParsesAsACalendarDate(string line)
    {
        Assert.Null(PageDates.ToIso(line));
    }

    [Theory]
    [InlineData("10:56 Kazakhstan raises gas price cap", "Kazakhstan raises gas price cap", null)]
    [InlineData("20.03.2018 10:56 Kazakhstan raises gas price cap", "Kazakhstan raises gas price cap", "2018-03-20T10:56:00")]
    [InlineData("Kazakhstan raises gas price cap | 20 March 2018", "Kazakhstan raises gas price cap", "2018-03-20")]
    [InlineData("Kazakhstan raises gas price cap (March 20, 2018)", "Kazakhstan raises gas price cap", "2018-03-20")]
    [InlineData("Kazakhstan and Uzbekistan sign 2030 water deal", "Kazakhstan and Uzbekistan sign 2030 water deal", null)]
    public void Should_StripTheTimestamp_When_ItIsGluedToTheHeadline(string headline, string title, string? published)
    {
        var stripped = PageDates.StripFromHeadline(headline, out var date);

        Assert.Equal(title, stripped);
        Assert.Equal(published, date);
    }

    [Theory]
    [InlineData("Tue, 20 Mar 2018 22:15:24 +0600", true)]
    [InlineData("Date edited 20.03.2018 11:30", true)]
    [InlineData("Updated 2 hours ago", true)]
    [InlineData("The talks on 20 March 2018 ended without a deal.", false)]
    public void Should_TellADateLineFromASentenceWithADate(string line, bool whole)
    {
        Assert.Equal(whole, PageDates.IsWholeDate(line));
    }
}
