using System.Text;
using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary>
/// Issue 15, cases 11 and 20: SIGINT and SIGTERM sent to a real newsclf process. System.CommandLine's 2-second
/// termination timeout used to return from Main while tag was still renaming its output, and crashed train.
/// </summary>
public class SignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Should_WriteTheFinishedRecordsWholeAndRenameThem_When_TagIsSignalledMidStory(string signal, int expectedCode)
    {
        Skip.IfNot(ChildProcess.CanRun, "needs Linux, kill and the built newsclf executable");
        // Given newsclf tagging stdin into --output, with 50 whole records delivered and the 51st still arriving.
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "out.jsonl");
        using var newsclf = ChildProcess.Start(["tag", "-", "--input-format", "jsonl", "--output", output, "--threads", "2"]);
        var whole = string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"id\":\"s{i}\",\"text\":\"Officials in Osh discussed the water supply for the {i}th time.\"}}\n"));
        await newsclf.Stdin.WriteAsync(Encoding.UTF8.GetBytes(whole + "{\"id\":\"s50\",\"text\":\"The river"));
        await newsclf.Stdin.FlushAsync();
        await WaitForHiddenFile(temp.Path);
        await Task.Delay(TimeSpan.FromSeconds(5));

        // When the signal arrives.
        newsclf.Signal(signal);
        var (code, _, stderr) = await newsclf.WaitForExit(Patience);

        // Then the 50 finished records are in the output, whole and in order, the temp file is gone, and stderr says so.
        Assert.Equal(expectedCode, code);
        var ids = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"s{i}"), ids);
        Assert.Contains("interrupted: 50 stories written", stderr);
        Assert.Equal(["out.jsonl"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.DoesNotContain("Unhandled", stderr);
    }

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Should_StopWithoutWritingAnything_When_TrainIsSignalled(string signal, int expectedCode)
    {
        Skip.IfNot(ChildProcess.CanRun, "needs Linux, kill and the built newsclf executable");
        // Given newsclf comparing trainers by cross-validation (the long part of training).
        using var temp = new TempFolder();
        var data = TrainingData(temp);
        var model = Path.Combine(temp.Path, "model");
        using var newsclf = ChildProcess.Start(["train", "--data", data, "--out", model, "--trainer", "auto"], workingDirectory: temp.Path);
        await newsclf.WaitForStderr("Read 400 stories", Patience);

        // When the signal arrives.
        newsclf.Signal(signal);
        var (code, _, stderr) = await newsclf.WaitForExit(Patience);

        // Then it exits with the signal's code, says it was interrupted, and leaves no model folder and no staging folder.
        Assert.Equal(expectedCode, code);
        Assert.Contains("interrupted", stderr);
        Assert.DoesNotContain("Unhandled", stderr);
        Assert.False(Directory.Exists(model));
        Assert.Equal(["data.jsonl"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    private static async Task WaitForHiddenFile(string folder)
    {
        for (var waited = 0; waited < 600 && !Directory.GetFiles(folder).Any(f => Path.GetFileName(f).StartsWith('.')); waited++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>400 labelled stories made of topic words, enough for every trainer to run its folds.</summary>
    private static string TrainingData(TempFolder temp)
    {
        var words = new Dictionary<string, string[]>
        {
            ["energy"] = ["gas", "pipeline", "power", "plant", "tariff", "coal", "electricity", "grid", "oil", "hydropower"],
            ["safety"] = ["fire", "flood", "crash", "rescue", "injured", "earthquake", "police", "accident", "evacuated", "storm"],
            ["law"] = ["court", "judge", "verdict", "law", "parliament", "prosecutor", "sentenced", "appeal", "amendment", "trial"],
            ["diplomacy"] = ["minister", "visit", "talks", "treaty", "embassy", "summit", "delegation", "ambassador", "agreement", "foreign"],
        };
        var filler = new[] { "the", "officials", "said", "on", "monday", "city", "region", "new", "year", "people", "government", "report" };
        var random = new Random(15);
        var topics = words.Keys.ToArray();
        var lines = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            var chosen = topics.Where(_ => random.NextDouble() < 0.35).DefaultIfEmpty(topics[i % 4]).ToArray();
            var text = string.Join(' ', Enumerable.Range(0, 40).Select(_ => random.NextDouble() < 0.5
                ? filler[random.Next(filler.Length)]
                : words[chosen[random.Next(chosen.Length)]][random.Next(10)]));
            lines.Append(JsonSerializer.Serialize(new { id = $"r{i}", title = $"Report {i}", text, topics = chosen, split = i % 10 == 0 ? "test" : "train" })).Append('\n');
        }
        return temp.File("data.jsonl", lines.ToString());
    }
}
