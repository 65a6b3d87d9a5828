using System.Text.Json.Nodes;

namespace NewsClassifier.Cli.Tests;

/// <summary>Issue 15, cases 16-17: inspect and tag refuse an edited card with a message, never a stack trace.</summary>
public class TamperedCardTests
{
    [Theory]
    [InlineData("inspect", "labels", "null")]
    [InlineData("inspect", "files", "null")]
    [InlineData("tag", "labels", "null")]
    [InlineData("inspect", "thresholds", "{\"energy\":-5,\"safety\":0.5,\"law\":0.5,\"diplomacy\":0.5}")]
    public async Task Should_RefuseTheModelWithExit1AndAMessage_When_TheCardWasEdited(string command, string field, string json)
    {
        // Given a copy of the shipped model whose card was edited by hand.
        using var temp = new TempFolder();
        var model = Path.Combine(temp.Path, "model");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(CliRunner.Models))
        {
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        }
        var cardPath = Path.Combine(model, ModelCard.FileName);
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!.AsObject();
        card[field] = JsonNode.Parse(json);
        File.WriteAllText(cardPath, card.ToJsonString());
        var story = temp.File("story.txt", "Gas deal\nKazakhstan signed a gas deal.");

        // When newsclf is pointed at it.
        var run = command == "inspect" ? await CliRunner.Run(["inspect", model]) : await CliRunner.Run(["tag", "--model", model, story]);

        // Then the model is refused with exit 1, a message that says what to do, and no stack trace.
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot be trusted", run.Stderr);
        Assert.Contains("retrain", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
