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
            PageCommands.BuildTrain(context),
            PageCommands.BuildEvaluate(context),
            PageCommands.BuildSplit(context),
        };
        var parsed = root.Parse(args);
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = context.Stderr, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Stderr.WriteLineAsync($"newsclf: {error.Message}");
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
        catch (Training.Data.DatasetException ex)
        {
            await context.Stderr.WriteLineAsync($"newsclf: {ex.Message}");
            return ExitCodes.DataError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Stderr.WriteLineAsync("newsclf: interrupted.");
            return ExitCodes.Interrupted;
        }
    }
}

/// <summary>A command line that parses but makes no sense (bad --shard, a bad format...).</summary>
internal sealed class UsageException(string message) : Exception(message);
