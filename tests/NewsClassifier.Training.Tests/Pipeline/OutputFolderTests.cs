using NewsClassifier.Training.Topics;

namespace NewsClassifier.Training.Tests.Pipeline;

/// <summary>Issue 15, case 19: train --out onto a file or /proc trained fully, then crashed.</summary>
public class OutputFolderTests
{
    private static (TrainingPipeline Pipeline, List<string> Log) Pipeline()
    {
        var log = new List<string>();
        return (new TrainingPipeline(log.Add), log);
    }

    [Fact]
    public void Should_RefuseBeforeReadingTheData_When_OutNamesAFile()
    {
        // Given a file where the model folder should go.
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 60, validation: 0, test: 0);
        var file = temp.File("model", "not a folder");
        var (pipeline, log) = Pipeline();

        // When training is asked to write there.
        var ex = Assert.Throws<OutputException>(() => pipeline.Run(new TrainingOptions { DataPath = data, OutputFolder = file, Trainer = TrainerKind.LinearSvm }));

        // Then it is refused with what to do, before any data was read, and the file is untouched.
        Assert.Contains("a file of that name is in the way", ex.Message);
        Assert.Empty(log);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [SkippableFact]
    public void Should_RefuseBeforeReadingTheData_When_OutIsUnderProc()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "no /proc on this system");
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 60, validation: 0, test: 0);
        var (pipeline, log) = Pipeline();

        var ex = Assert.Throws<OutputException>(() => pipeline.Run(new TrainingOptions { DataPath = data, OutputFolder = "/proc/newsclf-model", Trainer = TrainerKind.LinearSvm }));

        Assert.Contains("cannot write", ex.Message);
        Assert.Empty(log);
    }

    [Fact]
    public void Should_RemoveTheStagingFolderOfAKilledRun_When_TrainingTheSameFolderAgain()
    {
        // Weak spot (issue 15): a run killed with SIGKILL left its hidden staging folder for ever.
        using var temp = TestPaths.Temp();
        var data = TestPaths.CorpusSample(temp, train: 120, validation: 30, test: 30);
        var output = Path.Combine(temp.Path, "model");
        var stale = Path.Combine(temp.Path, $".model.newsclf-{DeadProcessId()}.staging");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "topics.zip"), "half a model");
        var (pipeline, _) = Pipeline();

        pipeline.Run(new TrainingOptions { DataPath = data, OutputFolder = output, Trainer = TrainerKind.LinearSvm, Labels = ["energy", "safety", "law", "diplomacy"], MinExamples = 1 });

        Assert.False(Directory.Exists(stale));
        Assert.True(File.Exists(Path.Combine(output, ModelCard.FileName)));
    }

    private static int DeadProcessId()
    {
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        child.WaitForExit();
        return child.Id;
    }
}
