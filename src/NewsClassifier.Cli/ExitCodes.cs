namespace NewsClassifier.Cli;

/// <summary>The process exit codes of newsclf (sysexits where one fits).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The model was refused, a quality gate was missed, or an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>Some records could not be tagged (the rest were written), or the data was unusable.</summary>
    public const int DataError = 65;

    /// <summary>An input does not exist.</summary>
    public const int NoInput = 66;

    /// <summary>The output cannot be written.</summary>
    public const int CannotCreate = 73;

    /// <summary>An internal error: the counts of records in and out disagree.</summary>
    public const int Software = 70;

    /// <summary>Interrupted (Ctrl+C, SIGINT): what was finished is written.</summary>
    public const int Interrupted = 130;

    /// <summary>An input or output failed while being read or written (not a full disk, not a closed pipe).</summary>
    public const int IoError = 74;

    /// <summary>The reader closed the pipe (| head): stopped, as a process ended by SIGPIPE would.</summary>
    public const int BrokenPipe = 141;

    /// <summary>Terminated (SIGTERM): what was finished is written.</summary>
    public const int Terminated = 143;
}
