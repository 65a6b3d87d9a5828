using System.CommandLine;
using NewsClassifier.Cli.Commands;

namespace NewsClassifier.Cli;

/// <summary>The newsclf command line: parses, dispatches, and maps failures to exit codes.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand("newsclf: tag news stories with topics, countries and entities; train and evaluate the models.")
        {
            TagCommand.Build(context),
            TrainCommand.Build(context),
            EvaluateCommand.Build(context),
            InspectCommand.Build(context),
            ServeCommand.Build(context),
            KeysCommand.Build(context),
            LoopCommands.Feedback(context),
            LoopCommands.Compare(context),
            LoopCommands.Registry(context),
            LoopCommands.Promote(context),
            LoopCommands.Rollback(context),
            PageCommands.BuildTrain(context),
            PageCommands.BuildEvaluate(context),
            PageCommands.BuildSplit(context),
        };
        var parsed = root.Parse(args);
        var output = new StringWriter();
        // ProcessTerminationTimeout = null: Program's Interruption is the only signal handler, so nothing returns from Main
        // while a command is still writing.
        var configuration = new InvocationConfiguration { Output = output, Error = context.Stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parsed.Errors.Count > 0)
        {
            var messages = parsed.Errors.Select(e => ParseErrors.Explain(e.Message, root, args)).ToList();
            // A mistyped command makes every later word an error too: the suggestion alone says what to do.
            var unknownCommand = messages.FirstOrDefault(m => m.StartsWith("unknown command", StringComparison.Ordinal));
            foreach (var message in unknownCommand is null ? messages : [unknownCommand])
            {
                await context.Stderr.WriteLineAsync($"newsclf: {message}");
            }
            await context.Stderr.WriteLineAsync("Run 'newsclf --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            var code = await parsed.InvokeAsync(configuration, cancellationToken);
            // Help and version text go to stdout.
            if (output.GetStringBuilder().Length > 0)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(output.ToString());
                await context.Stdout.WriteAsync(bytes, cancellationToken);
                await context.Stdout.FlushAsync(cancellationToken);
            }
            return code;
        }
        catch (UsageException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ModelLoadException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: model refused: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (PageModelException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: page model refused: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OutputException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ExitCodes.CannotCreate;
        }
        catch (IOException ex)
        {
            // Last resort for an I/O failure outside tag's own handling (evaluate into a closed pipe or onto a full
            // disk, a file that vanished mid-read): a message and a sysexits code, never a stack trace.
            if (Commands.TagCommand.IsBrokenPipe(ex))
            {
                return ExitCodes.BrokenPipe;
            }
            var full = OutputException.IsDiskFull(ex);
            await context.Stderr.WriteLineAsync(full ? "newsclf: no space left on device." : $"newsclf: input/output error: {ex.Message}");
            return full ? ExitCodes.CannotCreate : ExitCodes.IoError;
        }
        catch (Training.Data.DatasetException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ex.FileMissing ? ExitCodes.NoInput : ExitCodes.DataError;
        }
        catch (Desk.StoreException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Desk.RegistryException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Stderr.WriteLineAsync("newsclf: interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (ArgumentException ex)
        {
            // The library's option checks (a value out of range that the command line let through).
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message.Split(" (Parameter")[0]}");
            return ExitCodes.Usage;
        }
    }
}

/// <summary>A command line that parses but makes no sense (bad --shard, a bad format...).</summary>
internal sealed class UsageException(string message) : Exception(message);
