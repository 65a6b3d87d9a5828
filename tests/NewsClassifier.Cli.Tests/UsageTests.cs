namespace NewsClassifier.Cli.Tests;

/// <summary>Issues #11 and #15: the command line says what is wrong in words, with the accepted range, and never crashes.</summary>
public class UsageTests
{
    private const string Story = "Dam on the Vakhsh\n\nRogun hydropower plant started its third turbine, Barqi Tojik said.";

    [Fact]
    public async Task Should_SayAWholeNumberIsNeeded_When_ThreadsIsNotANumber()
    {
        var run = await CliRunner.Tag("--threads", "abc", "x.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--threads takes a whole number, not 'abc'", run.Stderr);
        Assert.DoesNotContain("System.", run.Stderr);
    }

    [Fact]
    public async Task Should_SuggestTheNearestCommand_When_TheCommandIsUnknown()
    {
        var run = await CliRunner.Run(["tagg", "story.txt"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean 'tag'?", run.Stderr);
    }

    [Theory]
    [InlineData("--min-score", "NaN", "between 0 and 1")]
    [InlineData("--threads", "300000000", "between 1 and 1024")]
    [InlineData("--threads", "0", "between 1 and 1024")]
    public async Task Should_Exit2WithTheRange_When_ATagValueIsOutOfRange_Issue15Case22(string option, string value, string range)
    {
        using var temp = new TempFolder();
        var run = await CliRunner.Tag(temp.File("s.txt", Story), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(range, run.Stderr);
    }

    [Theory]
    [InlineData("--min-macro-f1", "1.5")]
    [InlineData("--min-country-f1", "-0.1")]
    [InlineData("--min-primary-accuracy", "NaN")]
    public async Task Should_RefuseAQualityGateOutsideZeroToOne(string gate, string value)
    {
        var run = await CliRunner.Run(["evaluate", "--data", "whatever.jsonl", "--model", CliRunner.Models, gate, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{gate} must lie between 0 and 1", run.Stderr);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("train")]
    public async Task Should_Exit66_When_TheDataFileIsMissing_Issue15Case23(string command)
    {
        using var temp = new TempFolder();
        string[] args = command == "train"
            ? ["train", "--data", Path.Combine(temp.Path, "missing.jsonl"), "--out", Path.Combine(temp.Path, "m")]
            : ["evaluate", "--data", Path.Combine(temp.Path, "missing.jsonl"), "--model", CliRunner.Models];

        var run = await CliRunner.Run(args);

        Assert.Equal(66, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr);
    }

    [Fact]
    public async Task Should_WriteATable_When_StdoutIsNotATerminal_Issue15Case21()
    {
        using var temp = new TempFolder();
        var run = await CliRunner.Tag(temp.File("s.txt", Story), "--format", "table");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("primary", run.Stdout);
        Assert.Contains("TJ", run.Stdout);
    }

    [Fact]
    public async Task Should_ShowPerRecordErrors_When_ProgressIsShownOnATerminal()
    {
        using var temp = new TempFolder();
        var input = temp.File("b.jsonl", "{\"id\":\"1\",\"text\":\"Gas output rose at Tengiz.\"}\nnot json\n");

        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, input, "--format", "jsonl"], stderrIsTerminal: true);

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("b.jsonl:2: not valid JSON", run.Stderr);
    }

    [Fact]
    public async Task Should_NameTheLineOnce_InAnErrorLine()
    {
        using var temp = new TempFolder();
        var input = temp.File("x.jsonl", "{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"2\"}\n");

        var run = await CliRunner.Tag(input, "--format", "jsonl");

        var line = run.Stderr.Split('\n').Single(l => l.Contains("field is missing"));
        Assert.Equal(1, line.Split("x.jsonl:2").Length - 1);
        Assert.Contains("(id 2)", line);
    }

    [Fact]
    public async Task Should_EscapeNewlinesAndEscapeCharacters_InIdsOnStderr()
    {
        using var temp = new TempFolder();
        var input = temp.File("x.jsonl", "{\"id\":\"evil\\nnewsclf: all good\\u001b[2J\",\"title\":\"t\"}\n");

        var run = await CliRunner.Tag(input, "--format", "jsonl");

        Assert.Contains("evil\\nnewsclf: all good\\e[2J", run.Stderr);
        Assert.False(run.Stderr.Contains('\u001b'), run.Stderr);
        Assert.DoesNotContain("\nnewsclf: all good", run.Stderr);
    }

    [Fact]
    public async Task Should_CountWhatWentInAndOut_Independently()
    {
        using var temp = new TempFolder();
        var input = temp.File("m.jsonl", "{\"id\":\"1\",\"text\":\"Gas output rose at Tengiz.\"}\n\nbroken\n{\"id\":\"3\",\"text\":\"A court in Osh jailed an official.\"}\n");

        var run = await CliRunner.Tag(input, "--format", "jsonl");

        Assert.Equal(3, run.JsonLines().Count);
        Assert.Contains("3 stories in, 3 records out, 1 failed", run.Stderr);
    }

    [Fact]
    public async Task Should_TagJsonLinesInADotJsonFile()
    {
        using var temp = new TempFolder();
        var input = temp.File("batch.json", "{\"id\":\"a\",\"text\":\"Gas output rose at Tengiz.\"}\n{\"id\":\"b\",\"text\":\"A court in Osh jailed an official.\"}\n");

        var run = await CliRunner.Tag(input, "--format", "jsonl");

        Assert.Equal(["a", "b"], run.JsonLines().Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Should_RefuseToEvaluate_When_TheDataLabelsShareNoneWithTheModel()
    {
        using var temp = new TempFolder();
        var data = temp.File("sport.jsonl", "{\"id\":\"1\",\"text\":\"The team won the cup.\",\"topics\":[\"sport\"],\"split\":\"test\"}\n{\"id\":\"2\",\"text\":\"A striker scored twice.\",\"topics\":[\"sport\"],\"split\":\"test\"}\n");

        var run = await CliRunner.Run(["evaluate", "--data", data, "--model", CliRunner.Models, "--report", Path.Combine(temp.Path, "r")]);

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("none of the data's labels [sport]", run.Stderr);
    }

    [Fact]
    public async Task Should_NameTheModelAndItsHash_InTheReport()
    {
        using var temp = new TempFolder();
        var data = temp.File("d.jsonl", "{\"id\":\"1\",\"text\":\"Kazakhstan raised gas exports to China.\",\"topics\":[\"energy\"],\"split\":\"test\"}\n{\"id\":\"2\",\"text\":\"A court in Osh jailed an official.\",\"topics\":[\"law\"],\"split\":\"test\"}\n");
        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(CliRunner.Models, ModelCard.FileName)));

        var run = await CliRunner.Run(["evaluate", "--data", data, "--model", CliRunner.Models, "--report", Path.Combine(temp.Path, "r")]);

        Assert.Equal(0, run.ExitCode);
        var report = File.ReadAllText(Path.Combine(temp.Path, "r", "report.md"));
        Assert.Contains(card.Files[card.TopicModelFile], report);
        Assert.Contains($"Model `{card.Name}`", report);
    }

    [Fact]
    public async Task Should_ShowExplanations_InTheTableView()
    {
        using var temp = new TempFolder();
        var run = await CliRunner.Tag(temp.File("s.txt", Story), "--format", "table", "--explain");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("energy:", run.Stdout);
        Assert.Contains("TJ:", run.Stdout);
    }

    [Fact]
    public async Task Should_ReadJsonlFromStdin_When_ItStartsWithAUtf8ByteOrderMark_Issue15Case3()
    {
        // Given JSON Lines on standard input behind a UTF-8 mark (it used to become one text story)
        var stdin = "\uFEFF{\"id\":\"1\",\"text\":\"Gas output rose at Tengiz.\"}\n{\"id\":\"2\",\"text\":\"A court in Osh jailed an official.\"}\n";

        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--format", "jsonl"], stdin);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["1", "2"], run.JsonLines().Select(l => l.GetProperty("id").GetString()));
    }
}
