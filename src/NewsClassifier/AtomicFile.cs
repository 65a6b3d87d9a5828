using System.Globalization;

namespace NewsClassifier;

/// <summary>
/// Writes files through a temporary file in the same folder and a rename, so a reader never sees half a file.
/// Temporary names are recognisable (<c>.NAME.newsclf-PID-RANDOM.tmp</c>, folders <c>.NAME.newsclf-PID.staging</c>):
/// what a killed run (SIGKILL, power cut) leaves behind is removed by the next run writing to the same path.
/// </summary>
public static class AtomicFile
{
    private const string Marker = ".newsclf-";

    /// <summary>Writes <paramref name="contents"/> to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void WriteAllText(string path, string contents)
    {
        RemoveStale(path);
        var temp = TempPathFor(path);
        try
        {
            File.WriteAllText(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>A temporary file name beside <paramref name="path"/> (same folder, so the rename is atomic).</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}{Marker}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
    }

    /// <summary>A staging folder beside <paramref name="path"/> where a folder's files are written before they move in.</summary>
    public static string StagingFolderFor(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}{Marker}{Environment.ProcessId}.staging");
    }

    /// <summary>
    /// Removes the temporary files and staging folders that runs no longer alive left beside <paramref name="path"/>;
    /// returns how many. Those of a process still running are left alone: it may be writing them now.
    /// </summary>
    public static int RemoveStale(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            return 0;
        }
        var prefix = $".{Path.GetFileName(full)}{Marker}";
        var removed = 0;
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, prefix + "*"))
            {
                var rest = Path.GetFileName(entry)[prefix.Length..];
                var digits = rest.TakeWhile(char.IsAsciiDigit).Count();
                var isOurs = rest.EndsWith(".tmp", StringComparison.Ordinal) || rest.EndsWith(".staging", StringComparison.Ordinal);
                if (!isOurs || digits == 0 || !int.TryParse(rest.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
                {
                    continue;
                }
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
                removed++;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy: a leftover that cannot be removed must not stop the run.
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
