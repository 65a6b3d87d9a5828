using System.Text;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue #7: every bad input gets an error record that says which record and why; nothing is lost.</summary>
public class BadInputTests
{
    private static async Task<(CliRun Run, List<System.Text.Json.JsonElement> Lines)> TagFile(string path, params string[] extra)
    {
        var run = await CliRunner.Tag([path, "--format", "jsonl", .. extra]);
        return (run, run.JsonLines());
    }

    [Fact]
    public async Task Should_ReportAnEmptyFile()
    {
        using var temp = new TempFolder();
        var (run, lines) = await TagFile(temp.File("empty.txt", ""));

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("empty", Assert.Single(lines).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_ReportAWhitespaceOnlyFile()
    {
        using var temp = new TempFolder();
        var (_, lines) = await TagFile(temp.File("blank.txt", "  \n\t\n "));

        Assert.Contains("white space", Assert.Single(lines).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_ReportBinaryData()
    {
        using var temp = new TempFolder();
        var (_, lines) = await TagFile(temp.Bytes("blob.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x10]));

        Assert.Contains("binary", Assert.Single(lines).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_ReportInvalidUtf8_WithWhereItIs()
    {
        using var temp = new TempFolder();
        var (_, lines) = await TagFile(temp.Bytes("latin1.txt", Encoding.Latin1.GetBytes("Caf\u00E9 opens in Almaty\n\nA caf\u00E9 opened.")));

        var error = Assert.Single(lines).GetProperty("error").GetString();
        Assert.Contains("not valid UTF-8", error);
        Assert.Contains("UTF-8", error);
    }

    [Fact]
    public async Task Should_ReadUtf16WithABom()
    {
        using var temp = new TempFolder();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Mudflow hits Osh region\n\nA mudflow damaged houses near Osh, the emergencies ministry said.")).ToArray();

        var (run, lines) = await TagFile(temp.Bytes("utf16.txt", bytes));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Mudflow hits Osh region", Assert.Single(lines).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Should_RefuseAStoryAboveTheSizeLimit_AsAnErrorRecord()
    {
        using var temp = new TempFolder();
        var (run, lines) = await TagFile(temp.File("big.txt", "Title\n\n" + new string('x', 2_000)), "--max-length", "1000");

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("more than the limit", Assert.Single(lines).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_TagAStoryThatIsOnlyATitle()
    {
        using var temp = new TempFolder();
        var (run, lines) = await TagFile(temp.File("title.txt", "Uzbekistan and Kazakhstan sign water-sharing agreement\n"));

        Assert.Equal(0, run.ExitCode);
        Assert.False(Assert.Single(lines).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Should_GiveOneRecordPerJsonlLine_WithErrorsNamingTheLine()
    {
        using var temp = new TempFolder();
        var input = temp.File("batch.jsonl", string.Join("\n",
            "{\"id\":\"1\",\"text\":\"Gas output rose at Tengiz.\"}",
            "",
            "{\"id\":\"2\",\"text\":",
            "{\"id\":\"3\",\"title\":\"No text here\"}",
            "{\"id\":\"4\",\"text\":42.5}",
            "{\"id\":\"5\",\"text\":[\"a\"]}",
            "{\"id\":\"1\",\"text\":\"Same id again.\"}",
            "   ",
            "{\"id\":\"6\",\"text\":\"Last line without a newline.\"}"));

        var (run, lines) = await TagFile(input);

        Assert.Equal(65, run.ExitCode);
        Assert.Equal(7, lines.Count);
        string Error(int i) => lines[i].GetProperty("error").GetString()!;
        Assert.False(lines[0].TryGetProperty("error", out _));
        Assert.EndsWith(":3", lines[1].GetProperty("id").GetString());
        Assert.Contains("not valid JSON", Error(1));
        Assert.Contains("\"text\" field is missing", Error(2));
        Assert.False(lines[3].TryGetProperty("error", out _)); // a number is read as text
        Assert.Contains("must be a string", Error(4));
        Assert.Contains("duplicate id '1'", Error(5));
        Assert.Equal("6", lines[6].GetProperty("id").GetString());
        Assert.Contains("7 stories in, 7 records out, 4 failed", run.Stderr);
    }

    [Fact]
    public async Task Should_ReportBadCsvRows_AndTagTheGoodOnes()
    {
        using var temp = new TempFolder();
        var input = temp.File("batch.csv", "id,title,text\n1,Flood,\"Floods hit Khatlon.\"\n2,Short\n3,Extra,Text,more\n4,\"Fine\",\"Astana court jails official\"\n");

        var (run, lines) = await TagFile(input);

        Assert.Equal(65, run.ExitCode);
        Assert.Equal(["1", "2", "3", "4"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Contains("has 2 fields but the header has 3", lines[1].GetProperty("error").GetString());
        Assert.Contains("has 4 fields", lines[2].GetProperty("error").GetString());
        Assert.False(lines[3].TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Should_ReportACsvHeaderWithoutTheTextColumn()
    {
        using var temp = new TempFolder();
        var (run, lines) = await TagFile(temp.File("nohead.csv", "id,headline,body\n1,a,b\n"));

        Assert.Equal(65, run.ExitCode);
        Assert.Contains("has no 'text' column", Assert.Single(lines).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_UseTheNamedCsvColumns()
    {
        using var temp = new TempFolder();
        var input = temp.File("named.csv", "key,headline,body\nk1,Dam on the Vakhsh,\"Rogun hydropower plant started its third turbine, Barqi Tojik said.\"\n");

        var (run, lines) = await TagFile(input, "--id-column", "key", "--title-column", "headline", "--text-column", "body");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("k1", Assert.Single(lines).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Should_ReportACsvWithUnbalancedQuotes()
    {
        using var temp = new TempFolder();
        var (_, lines) = await TagFile(temp.File("quotes.csv", "id,text\n1,\"fine\"\n2,\"never closed\n"));

        Assert.Contains(lines, l => l.TryGetProperty("error", out _));
        Assert.Equal("1", lines[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Should_ReportAnUnreadableFileInsideAFolder_AndTagTheRest()
    {
        using var temp = new TempFolder();
        temp.File("inbox/a-story.txt", "Flood in Khatlon\n\nFloods hit villages in Khatlon after heavy rain.");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "inbox", "b-gone.txt"), Path.Combine(temp.Path, "nowhere.txt"));
        temp.File("inbox/c-story.txt", "Court in Osh\n\nA court in Osh jailed a former official for bribery.");

        var (run, lines) = await TagFile(Path.Combine(temp.Path, "inbox"));

        Assert.Equal(65, run.ExitCode);
        Assert.Equal(3, lines.Count);
        Assert.Contains("a link that leads nowhere", lines[1].GetProperty("error").GetString());
        Assert.False(lines[0].TryGetProperty("error", out _));
        Assert.False(lines[2].TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Should_Exit73_When_TheOutputFolderDoesNotExist()
    {
        using var temp = new TempFolder();
        var run = await CliRunner.Tag(CliRunner.Stories("almaty-concert.txt"), "--output", Path.Combine(temp.Path, "missing", "out.jsonl"));

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr);
    }

    [Fact]
    public async Task Should_WriteTheOutputFileWhole_AndLeaveNoTemporaryFile()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "out.jsonl");

        var run = await CliRunner.Tag(CliRunner.Stories("almaty-concert.txt"), CliRunner.Stories("kyrgyz-border.txt"), "--output", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, File.ReadAllLines(output).Length);
        Assert.Equal(["out.jsonl"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
