using NewsClassifier.Internal.Intake;

namespace NewsClassifier.Tests.Intake;

public class PageLineModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nc-pages-" + Guid.NewGuid().ToString("N"));

    private const string ListingPage = "#\tlayout: test-listing; kind: section; outlet style: test\nF\tAll news\nH\tAstana Opens New Bus Depot\nT\tThe depot will house 200 electric buses and open next month, the city said.\nF\t2 hours ago\nH\tBishkek Plants Trees Along Ring Road\nT\tVolunteers planted about 3,000 trees along the southern ring road on Saturday.\nF\t5 hours ago\nF\t© Test Portal\n";

    private const string ArticlePage = "#\tlayout: test-article; kind: article; outlet style: test\nF\tHome | News | Sport\nF\t20.03.2018 10:56\nH\tTashkent Opens Its First Cycle Lane Network\nB\tThe city has opened 40 kilometres of cycle lanes in four districts, the mayor's office said on Tuesday.\nB\tThe lanes are separated from traffic by kerbs and will be cleared of snow in winter, officials said.\nF\tViews: 260\nF\tRelated news\n";

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static List<PageFixture> Pages() => [PageFixture.Read("001-test-listing.page.tsv", ListingPage), PageFixture.Read("002-test-article.page.tsv", ArticlePage)];

    private string Save(PageLineModel model)
    {
        Directory.CreateDirectory(_folder);
        var json = model.ToJson();
        File.WriteAllText(Path.Combine(_folder, PageLineModel.FileName), json);
        File.WriteAllText(Path.Combine(_folder, PageLineModel.CardFileName), new PageModelCard { Sha256 = PageLineModel.Sha256(json) }.ToJson());
        return _folder;
    }

    [Fact]
    public void Should_LearnTheAnnotatedClasses_When_TrainedOnAFewPages()
    {
        var pages = Pages();

        var model = PageLineTrainer.Train(pages, epochs: 10, seed: 1);

        foreach (var page in pages)
        {
            Assert.Equal(page.Classes, model.Decode(LineFeatures.Extract(page.Lines), page.Lines));
        }
    }

    [Fact]
    public void Should_DecodeTheSame_When_SavedAndLoadedBack()
    {
        var pages = Pages();
        var model = PageLineTrainer.Train(pages, epochs: 10, seed: 1);

        var loaded = PageLineModel.Load(Save(model));

        foreach (var page in pages)
        {
            var features = LineFeatures.Extract(page.Lines);
            Assert.Equal(model.Decode(features, page.Lines), loaded.Decode(features, page.Lines));
        }
        Assert.Equal(model.ToJson(), loaded.ToJson());
    }

    [Fact]
    public void Should_RefuseTheModel_When_ItDoesNotMatchItsCard()
    {
        var folder = Save(PageLineTrainer.Train(Pages(), epochs: 2, seed: 1));
        File.AppendAllText(Path.Combine(folder, PageLineModel.FileName), " ");

        var error = Assert.Throws<PageModelException>(() => PageLineModel.Load(folder));

        Assert.Contains("SHA-256", error.Message);
        Assert.Contains("train-pages", error.Message);
    }

    [Fact]
    public void Should_RefuseTheModel_When_ItComesFromAnotherVersion()
    {
        var json = PageLineTrainer.Train(Pages(), epochs: 2, seed: 1).ToJson().Replace("\"version\":1", "\"version\":99", StringComparison.Ordinal);

        var error = Assert.Throws<PageModelException>(() => PageLineModel.FromJson(json, "test"));

        Assert.Contains("version 99", error.Message);
    }

    [Fact]
    public void Should_MatchItsCard_When_ShippedInTheLibrary()
    {
        // Loading the embedded model verifies its checksum against the embedded card; an untrained stand-in has only a bias.
        Assert.True(PageLineModel.Embedded.Weights.Count > 100);
    }

    [Fact]
    public void Should_NameTheFileAndLine_When_AFixtureLineHasNoClass()
    {
        var error = Assert.Throws<PageFixtureException>(() => PageFixture.Read("bad.page.tsv", "#\tlayout: x\nH\tA headline\nX\tsomething\n"));

        Assert.Contains("bad.page.tsv:3", error.Message);
    }

    [Fact]
    public void Should_HoldOutEveryPageOfALayoutTogether()
    {
        var a = PageFixture.Read("001-agency-feed.page.tsv", "F\tx\n");
        var b = PageFixture.Read("077-agency-feed.page.tsv", "F\tx\n");

        Assert.Equal("agency-feed", a.Layout);
        Assert.Equal(a.HeldOut, b.HeldOut);
    }
}
