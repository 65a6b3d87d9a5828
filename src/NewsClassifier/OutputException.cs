namespace NewsClassifier;

/// <summary>An output (a results file, a model folder, a report folder) that cannot be written; the message says what to do.</summary>
public sealed class OutputException : Exception
{
    private OutputException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>The path the output was meant for.</summary>
    public string? Path { get; private init; }

    internal static OutputException IsAFolder(string path) =>
        new($"cannot write {path}: it is a folder. Name a file inside it, for example {System.IO.Path.Combine(path, "tags.jsonl")}.") { Path = path };

    internal static OutputException IsAFile(string path) =>
        new($"cannot write the folder {path}: a file of that name is in the way. Name another folder or move the file.") { Path = path };

    internal static OutputException NotARegularFile(string path) =>
        new($"cannot write {path}: it is a device, a FIFO or a socket, not a regular file, and newsclf replaces files whole. Write to a regular file, or leave out --output and redirect standard output (> {path}).") { Path = path };

    internal static OutputException LinkTarget(string path, string target) =>
        new($"cannot write {path}: it is a symbolic link (to {target}), and writing through it would replace the link with a file. Name the target itself, or remove the link.") { Path = path };

    internal static OutputException FolderMissing(string path, string folder) =>
        new($"cannot write {path}: the folder {folder} does not exist. Create it first.") { Path = path };

    internal static OutputException CannotWrite(string path, Exception inner) =>
        new($"cannot write {path}: {Reason(inner)}. Choose a place you can write to.", inner) { Path = path };

    internal static OutputException NoSpace(string path, Exception inner) =>
        new($"cannot write {path}: no space left on device. Nothing was left behind; free some space or write elsewhere.", inner) { Path = path };

    /// <summary>The refusal for an error met while creating or writing <paramref name="path"/>: "no space left on device" when the disk is full.</summary>
    public static OutputException From(string path, Exception error) =>
        error is IOException io && IsDiskFull(io) ? NoSpace(path, error) : CannotWrite(path, error);

    /// <summary>True when the exception says the disk is full (ENOSPC, or EDQUOT for a quota).</summary>
    public static bool IsDiskFull(IOException ex) =>
        (ex.HResult & 0xFFFF) is 28 or 122 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "the place does not take new files",
        IOException io when io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) => "the file system is read-only",
        _ => ex.Message.TrimEnd('.'),
    };
}
