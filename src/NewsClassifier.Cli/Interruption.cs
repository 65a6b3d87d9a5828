using System.Runtime.InteropServices;

namespace NewsClassifier.Cli;

/// <summary>
/// The one place that listens for SIGINT and SIGTERM. The first signal cancels the running command, which finishes
/// its whole records, renames its output into place and returns; the exit code then says which signal it was (130 or
/// 143). A second signal ends the process at once. System.CommandLine's own handler is switched off (see
/// <see cref="CliApp"/>): its termination timeout returned from Main after 2 s while the command was still renaming
/// its output (issue 15, cases 11 and 20).
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _exitCode = ExitCodes.Interrupted;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The exit code of an interrupted run: 130 after SIGINT (Ctrl+C), 143 after SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>Starts listening for SIGINT and SIGTERM.</summary>
    public static Interruption ListenForSignals()
    {
        var interruption = new Interruption();
        interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, interruption.OnSignal));
        interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, interruption.OnSignal));
        return interruption;
    }

    /// <summary>Asks the running command to stop, as the given signal would.</summary>
    public void Request(PosixSignal signal)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }
        Volatile.Write(ref _exitCode, signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted);
        _source.Cancel();
    }

    /// <summary>The exit code to return for a command that returned <paramref name="code"/>: an interrupted run reports the signal.</summary>
    public int Adjust(int code) => code == ExitCodes.Interrupted && _source.IsCancellationRequested ? ExitCode : code;

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // the second signal: let it end the process
        }
        context.Cancel = true;
        Request(context.Signal);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }
}
