using System.Diagnostics;
using System.Text;

namespace NewsClassifier.Training.Tests.Notebooks;

/// <summary>Issue 8: every notebook in notebooks/ still runs against the library, as notebooks/run-notebooks.cs executes them.</summary>
public class NotebookTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    [Fact]
    public void Should_RunEveryNotebook_When_TheRunnerChecksThem()
    {
        // Given the repository these tests were built from
        var root = RepoRoot();

        // When the runner executes every notebook without saving outputs, in its quick variant
        var (exitCode, output) = RunDotnet(root, "run", Path.Combine("notebooks", "run-notebooks.cs"), "--", "--check", "--quick");

        // Then every notebook ran to the end
        Assert.True(exitCode == 0, $"run-notebooks.cs exited with {exitCode}:\n{output}");
        Assert.Contains(" 0 failed", output, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No NewsClassifier.sln above {AppContext.BaseDirectory}.");
    }

    private static (int ExitCode, string Output) RunDotnet(string workingFolder, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // No build server or MSBuild node may outlive the run: it would keep the output pipes open after the runner exits.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"run-notebooks.cs did not finish within {Limit.TotalMinutes} minutes:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
