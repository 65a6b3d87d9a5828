using System.Text;
using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary>Runs newsclf in-process with captured streams.</summary>
internal static class CliRunner
{
    public static string Models => Path.Combine(AppContext.BaseDirectory, "models");

    public static string Stories(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", "stories", .. parts]);

    public static async Task<CliRun> Run(string[] args, string stdin = "", bool stdoutIsTerminal = false, bool stderrIsTerminal = false)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdoutIsTerminal, stderrIsTerminal);
        var code = await CliApp.RunAsync(args, context, CancellationToken.None);
        return new CliRun(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    /// <summary>Runs 'tag' with the shipped model.</summary>
    public static Task<CliRun> Tag(params string[] args) => Run(["tag", "--model", Models, .. args]);
}

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public List<JsonElement> JsonLines() =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nc-cli-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name, string contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public string Bytes(string name, byte[] contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
