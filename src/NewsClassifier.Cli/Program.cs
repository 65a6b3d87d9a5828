using NewsClassifier.Cli;

// Ctrl+C asks the running command to stop cleanly (finish whole records, close the output); a second Ctrl+C kills.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};
return await CliApp.RunAsync(args, CliContext.FromConsole(), interrupt.Token);
