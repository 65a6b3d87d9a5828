using NewsClassifier.Cli.Commands;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue 13: the loop's command lines.</summary>
public sealed class LoopCommandTests
{
    [Theory]
    [InlineData("corrections.jsonl:2", "corrections.jsonl", 2)]
    [InlineData("training-data/corpus.jsonl", "training-data/corpus.jsonl", 1)]
    [InlineData("data:v2.jsonl", "data:v2.jsonl", 1)]
    [InlineData("/tmp/a:b/c.jsonl:10", "/tmp/a:b/c.jsonl", 10)]
    public void Should_SplitPathAndWeight_When_DataIsGivenAsPathColonWeight(string value, string path, int weight)
    {
        // Given / When a --data value is parsed
        var parsed = TrainCommand.ParseWeighted(value);

        // Then a trailing ":digits" is the weight and any other colon belongs to the path
        Assert.Equal((path, weight), (parsed.Path, parsed.Weight));
    }

    [Fact]
    public async Task Should_RefuseWithUsage_When_AWeightIsOutOfRange()
    {
        // Given / When train is asked for a weight of 0
        var run = await CliRunner.Run(["train", "--data", "x.jsonl", "--data", "y.jsonl:0", "--out", "m"]);

        // Then it is refused before reading anything, naming the file
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("y.jsonl", run.Stderr);
    }

    [Fact]
    public async Task Should_SayWhatToDo_When_PromotingAVersionTheRegistryDoesNotHave()
    {
        // Given an empty registry folder
        using var temp = new TempFolder();

        // When a version is promoted
        var run = await CliRunner.Run(["promote", "v9", "--registry", temp.Path]);

        // Then exit 1 with the fix, and no pointer is written
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("No version 'v9'", run.Stderr);
        Assert.Contains("registry add", run.Stderr);
        Assert.False(File.Exists(Path.Combine(temp.Path, "current")));
    }
}
