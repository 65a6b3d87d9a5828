using NewsClassifier.Cli;

// SIGINT (Ctrl+C) and SIGTERM ask the running command to stop cleanly: finish whole records, rename the output into
// place, say how far it got. A second signal ends the process at once.
using var interruption = Interruption.ListenForSignals();
var code = await CliApp.RunAsync(args, CliContext.FromConsole(), interruption.Token);
return interruption.Adjust(code);
