using Spectre.Console;

namespace NewsClassifier.Cli;

/// <summary>The process's standard streams, replaceable so tests can run the CLI in-process.</summary>
internal sealed record CliContext(Stream Stdout, TextWriter Stderr, Func<Stream> OpenStdin, bool StdoutIsTerminal, bool StderrIsTerminal)
{
    public static CliContext FromConsole() => new(
        Console.OpenStandardOutput(),
        Console.Error,
        Console.OpenStandardInput,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected);

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
