using Spectre.Console;

namespace NewsClassifier.Cli;

/// <summary>The process's standard streams, replaceable so tests can run the CLI in-process.</summary>
internal sealed record CliContext(Stream Stdout, TextWriter Stderr, Func<Stream> OpenStdin, bool StdoutIsTerminal, bool StderrIsTerminal)
{
    public static CliContext FromConsole() => new(
        OpenStdout(),
        Console.Error,
        Console.OpenStandardInput,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected);

    /// <summary>
    /// Standard output as a plain file stream on descriptor 1. The console stream .NET offers drops EPIPE silently,
    /// so '| head -1' used to tag everything and exit 0; this one reports a closed pipe and a full disk (issue 15,
    /// cases 8 and 10). Unbuffered, so each record reaches the reader as it is written.
    /// </summary>
    private static Stream OpenStdout() => OperatingSystem.IsWindows()
        ? Console.OpenStandardOutput()
        : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>A Spectre console writing to stdout, for tables.</summary>
    public IAnsiConsole StdoutConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(new StreamWriter(Stdout, leaveOpen: true) { AutoFlush = true }),
        Ansi = StdoutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = StdoutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });

    /// <summary>A Spectre console writing to stderr, for progress.</summary>
    public IAnsiConsole StderrConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Stderr),
        Ansi = StderrIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        Interactive = StderrIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });
}
