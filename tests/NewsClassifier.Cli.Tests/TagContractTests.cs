using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary>The CLI contract of issue #2: fields, formats, exit codes. Later issues may extend it, never break it.</summary>
public class TagContractTests
{
    [Fact]
    public async Task Should_PrintOneJsonlLineWithEveryField_ForATextFile()
    {
        var run = await CliRunner.Tag(CliRunner.Stories("kyrgyz-border.txt"), "--format", "jsonl");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.JsonLines());
        foreach (var field in new[] { "id", "title", "topics", "topicScores", "countries", "primaryCountry", "entities" })
        {
            Assert.True(line.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal("Kyrgyz and Tajik border commissions agree on new section of frontier", line.GetProperty("title").GetString());
        Assert.Equal(["energy", "safety", "law", "diplomacy"], line.GetProperty("topicScores").EnumerateObject().Select(p => p.Name));
        Assert.Contains(line.GetProperty("topics").EnumerateArray(), t => t.GetProperty("label").GetString() == "diplomacy");
        Assert.Equal("KG", line.GetProperty("primaryCountry").GetString());
        var entity = line.GetProperty("entities").EnumerateArray().First();
        foreach (var field in new[] { "text", "type", "start", "end", "country" })
        {
            Assert.True(entity.TryGetProperty(field, out _), $"entity missing {field}");
        }
        Assert.Contains("1 story in, 1 record out, 0 failed", run.Stderr);
    }

    [Fact]
    public async Task Should_TagEveryFileOfAFolder_InAStableOrder()
    {
        var run = await CliRunner.Tag(Path.GetDirectoryName(CliRunner.Stories("x"))!, "--format", "jsonl");

        Assert.Equal(0, run.ExitCode);
        var ids = run.JsonLines().Select(l => Path.GetFileName(l.GetProperty("id").GetString())).ToList();
        Assert.Equal(["almaty-concert.txt", "kyrgyz-border.txt"], ids);
    }

    [Fact]
    public async Task Should_ReadStdin_When_PathIsDash()
    {
        var run = await CliRunner.Run(["tag", "--model", CliRunner.Models, "-", "--format", "jsonl"], "Earthquake shakes Osh\n\nA magnitude 5.1 earthquake shook Osh on Monday night; rescuers said two houses collapsed.");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.JsonLines());
        Assert.Equal("Earthquake shakes Osh", line.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Should_DefaultToJsonl_When_StdoutIsNotATerminal_AndToATable_When_ItIs()
    {
        var piped = await CliRunner.Tag(CliRunner.Stories("almaty-concert.txt"));
        Assert.Single(piped.JsonLines());

        var terminal = await CliRunner.Run(["tag", "--model", CliRunner.Models, CliRunner.Stories("almaty-concert.txt")], stdoutIsTerminal: true);
        Assert.Contains("primary", terminal.Stdout);
        Assert.Contains("KZ", terminal.Stdout);
        Assert.DoesNotContain("{", terminal.Stdout);
    }

    [Fact]
    public async Task Should_WriteAJsonArray_When_FormatIsJson()
    {
        var run = await CliRunner.Tag(CliRunner.Stories("almaty-concert.txt"), CliRunner.Stories("kyrgyz-border.txt"), "--format", "json");

        var array = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(2, array.GetArrayLength());
    }

    [Fact]
    public async Task Should_Exit66_When_AnInputDoesNotExist()
    {
        var run = await CliRunner.Tag("no-such-file.txt");

        Assert.Equal(66, run.ExitCode);
        Assert.Contains("input not found: no-such-file.txt", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--shard", "3/2")]
    [InlineData("--threads", "0")]
    [InlineData("--no-such-option")]
    public async Task Should_Exit2_OnBadUsage(params string[] args)
    {
        var run = await CliRunner.Tag([CliRunner.Stories("almaty-concert.txt"), .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("newsclf:", run.Stderr);
    }

    [Fact]
    public async Task Should_Exit65_AndStillWriteTheRest_When_SomeRecordsFail()
    {
        using var temp = new TempFolder();
        var input = temp.File("in.jsonl", "{\"id\":\"a\",\"title\":\"Flood in Khatlon\",\"text\":\"Floods hit Khatlon villages after heavy rain.\"}\n{\"id\":\"b\",\"text\":\"\"}\n{\"id\":\"c\",\"text\":\"Parliament in Bishkek passed amendments to the criminal code.\"}\n");

        var run = await CliRunner.Tag(input);

        Assert.Equal(65, run.ExitCode);
        var lines = run.JsonLines();
        Assert.Equal(["a", "b", "c"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.True(lines[1].TryGetProperty("error", out var error));
        Assert.Contains("empty", error.GetString());
        Assert.Contains("3 stories in, 3 records out, 1 failed", run.Stderr);
    }

    [Fact]
    public async Task Should_RefuseABrokenModelFolder_WithAMessageSayingWhatToDo()
    {
        using var temp = new TempFolder();
        temp.File("model-card.json", "{\"schemaVersion\": 1, \"labels\": [], \"files\": {\"topics.zip\": \"00\"}}");

        var run = await CliRunner.Run(["tag", "--model", temp.Path, CliRunner.Stories("almaty-concert.txt")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("model refused", run.Stderr);
        Assert.Contains("retrain", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Should_PrintTheCard_When_Inspecting()
    {
        var run = await CliRunner.Run(["inspect", CliRunner.Models]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("verified", run.Stdout);
        Assert.Contains("energy", run.Stdout);
    }
}
