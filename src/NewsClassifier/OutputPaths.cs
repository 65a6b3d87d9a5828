namespace NewsClassifier;

/// <summary>
/// Checks, before any work, that an output can be written: a run that tags or trains for an hour must not find out
/// at the end that its output names a folder, a device or a read-only place (issue 15, cases 7, 9 and 19).
/// </summary>
public static class OutputPaths
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be replaced by a regular file written beside it and renamed into place;
    /// throws <see cref="OutputException"/> saying what to do. Devices, FIFOs and symbolic links are refused rather
    /// than replaced by a file.
    /// </summary>
    public static void CheckFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw OutputException.IsAFolder(path);
        }
        var existing = new FileInfo(full);
        if (existing.LinkTarget is { } target)
        {
            throw OutputException.LinkTarget(path, target);
        }
        // A regular file has a size; devices, FIFOs and /proc entries report 0 (an empty regular file is fine to replace).
        if (existing.Exists && existing.Length == 0 && !IsEmptyRegularFile(full))
        {
            throw OutputException.NotARegularFile(path);
        }
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw OutputException.FolderMissing(path, folder);
        }
        Probe(path, folder);
    }

    /// <summary>Checks that <paramref name="path"/> is, or can become, a folder this process can write files into.</summary>
    public static void CheckFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw OutputException.IsAFile(path);
        }
        var parent = Path.GetDirectoryName(full);
        if (!Directory.Exists(full) && parent is not null && !Directory.Exists(parent) && !File.Exists(parent))
        {
            // Folders are created with their parents, but the first existing ancestor must take writes.
            CheckFolder(parent);
            return;
        }
        Probe(path, Directory.Exists(full) ? full : parent ?? full);
    }

    /// <summary>Creates and removes an empty file in <paramref name="folder"/>: the only sure test of "can write here".</summary>
    private static void Probe(string path, string folder)
    {
        var probe = AtomicFile.TempPathFor(Path.Combine(folder, ".newsclf-probe"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw OutputException.From(path, ex);
        }
    }

    /// <summary>
    /// Whether a zero-length entry is a plain empty file. Devices live under /dev (and /proc, /sys report size 0 too);
    /// elsewhere a FIFO or socket is told from a file by whether it seeks. Opening for reading and writing does not
    /// block on a FIFO, as opening for one of the two would.
    /// </summary>
    private static bool IsEmptyRegularFile(string full)
    {
        if (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal)
            || full.StartsWith("/sys/", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            return stream.CanSeek;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // not ours to open, but the rename into place needs only the folder: let the write decide
        }
    }
}
