using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace NewsClassifier.Service.Internal;

/// <summary>
/// One line per log entry; an exception is shown by its type only, so no stack trace (and no exception message,
/// which could quote input) ever reaches a log line.
/// </summary>
internal sealed class SafeConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "newsclf";

    public override void Write<TState>(in LogEntry<TState> logEntry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, null) ?? "";
        textWriter.WriteLine(Format(DateTimeOffset.UtcNow, logEntry.LogLevel, logEntry.Category, message, logEntry.Exception));
    }

    /// <summary>The line written for one entry; tests format captured entries with it too.</summary>
    public static string Format(DateTimeOffset time, LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} {Level(level)} {category}: {OneLine(message)}";
        return exception is null ? line : $"{line} ({exception.GetType().Name})";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
