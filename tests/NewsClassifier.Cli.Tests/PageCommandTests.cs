namespace NewsClassifier.Cli.Tests;

/// <summary>Page input through the CLI (issue #16): HTML, detection by content, --explain lines, droppedLines, train-pages and evaluate-pages.</summary>
public class PageCommandTests
{
    private static string Page(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "pages", name);

    private const string TextPage = "Home | News | Sport\n20.03.2018 10:56\nTashkent Opens Its First Cycle Lane Network\nThe city has opened 40 kilometres of cycle lanes in four districts, the mayor's office said on Tuesday, and plans to add another 60 kilometres next year.\nAdvertisement\nThe lanes are separated from traffic by kerbs and will be cleared of snow in winter, officials said.\nViews: 260\n";

    [Fact]
    public async Task Should_MakeEveryTeaserARecord_When_TheInputIsHtml()
    {
        var run = await CliRunner.Tag("--input-format", "html", Page("listing.html"), "--format", "jsonl");

        Assert.Equal(0, run.ExitCode);
        var lines = run.JsonLines();
        Assert.Equal(5, lines.Count);
        Assert.Equal("Toktogul Reservoir Ends Summer Higher Than Last Year", lines[0].GetProperty("title").GetString());
        Assert.Equal("2024-09-12", lines[0].GetProperty("published").GetString());
        Assert.All(lines, l => Assert.Equal(0, l.GetProperty("droppedLines").GetInt32()));
    }

    [Fact]
    public async Task Should_ReadHtmlAsAPage_When_ATextFileHoldsMarkup()
    {
        using var folder = new TempFolder();
        var file = folder.File("saved-page.txt", File.ReadAllText(Page("listing.html")));

        var run = await CliRunner.Tag(file, "--format", "jsonl");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, run.JsonLines().Count);
    }

    [Fact]
    public async Task Should_CountDroppedLines_And_ExplainEveryLine_When_AskedTo()
    {
        using var folder = new TempFolder();
        var file = folder.File("page.txt", TextPage);

        var run = await CliRunner.Tag("--input-format", "page", file, "--format", "jsonl", "--explain");

        Assert.Equal(0, run.ExitCode);
        var story = Assert.Single(run.JsonLines());
        Assert.Equal("Tashkent Opens Its First Cycle Lane Network", story.GetProperty("title").GetString());
        Assert.Equal(1, story.GetProperty("droppedLines").GetInt32());
        Assert.Equal("2018-03-20T10:56:00", story.GetProperty("published").GetString());
        var lines = story.GetProperty("explanation").GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(7, lines.Count);
        var advert = Assert.Single(lines, l => l.GetProperty("text").GetString() == "Advertisement");
        Assert.Equal("furniture", advert.GetProperty("class").GetString());
        Assert.True(advert.GetProperty("dropped").GetBoolean());
        Assert.All(lines, l => Assert.NotEqual(0, l.GetProperty("why").GetArrayLength()));
    }

    [Fact]
    public async Task Should_TrainAPageModel_And_ScoreIt_When_GivenAnnotatedPages()
    {
        using var folder = new TempFolder();
        for (var k = 0; k < 6; k++)
        {
            // Six layouts, so some land in the held-out fifth and some in training.
            folder.File($"pages/{k:D3}-layout-{k}.page.tsv",
                $"#\tlayout: layout-{k}; kind: section; outlet style: test\nF\tAll news\nH\tAstana Opens Bus Depot Number {k}\nT\tThe depot will house 200 electric buses and open next month, the city said.\nF\t{k + 2} hours ago\nH\tBishkek Plants Trees Along Ring Road {k}\nT\tVolunteers planted about 3,000 trees along the southern ring road on Saturday.\nF\t© Portal {k}\n");
        }
        var pages = Path.Combine(folder.Path, "pages");
        var model = Path.Combine(folder.Path, "model");

        var train = await CliRunner.Run(["train-pages", "--pages", pages, "--out", model, "--epochs", "5"]);
        var evaluate = await CliRunner.Run(["evaluate-pages", "--pages", pages, "--model", model, "--split", "all", "--format", "json"]);
        var refused = await CliRunner.Run(["evaluate-pages", "--pages", pages, "--model", folder.Path]);

        Assert.Equal(0, train.ExitCode);
        Assert.True(File.Exists(Path.Combine(model, "page-lines.json")));
        Assert.True(File.Exists(Path.Combine(model, "page-lines.card.json")));
        Assert.Equal(0, evaluate.ExitCode);
        var metrics = System.Text.Json.JsonDocument.Parse(evaluate.Stdout).RootElement;
        Assert.Equal(6, metrics.GetProperty("pages").GetDouble());
        Assert.Equal(12, metrics.GetProperty("stories").GetDouble());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("train-pages", refused.Stderr);
    }

    [Fact]
    public async Task Should_RefuseAnnotatedPages_When_ALineHasAnUnknownClass()
    {
        using var folder = new TempFolder();
        folder.File("pages/001-bad.page.tsv", "H\tA headline\nQ\twhat is this\n");

        var run = await CliRunner.Run(["evaluate-pages", "--pages", Path.Combine(folder.Path, "pages")]);

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("001-bad.page.tsv:2", run.Stderr);
    }

    [Fact]
    public async Task Should_SplitPagesWithoutTagging_OneRecordPerPage()
    {
        using var folder = new TempFolder();
        folder.File("in/a.txt", TextPage);
        File.Copy(Page("listing.html"), Path.Combine(folder.Path, "in", "b.html"));

        var run = await CliRunner.Run(["split-pages", Path.Combine(folder.Path, "in"), "--threads", "2"]);

        Assert.Equal(0, run.ExitCode);
        var records = run.JsonLines();
        Assert.Equal(2, records.Count);
        Assert.Single(records[0].GetProperty("stories").EnumerateArray());
        Assert.Equal(5, records[1].GetProperty("stories").GetArrayLength());
        Assert.Contains("2 pages in, 2 records out, 0 failed; 6 stories", run.Stderr);
    }
}
