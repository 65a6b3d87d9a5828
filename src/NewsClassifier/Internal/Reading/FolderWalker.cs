namespace NewsClassifier.Internal.Reading;

/// <summary>One file found under a folder, or an entry that cannot be read (with why).</summary>
internal readonly record struct FolderEntry(string Path, string? Error);

/// <summary>
/// Lists the files under a folder in path order, one level at a time (no recursion, so depth costs no stack).
/// Hidden entries (names starting with '.') are left out and counted; links are followed, each real file and
/// folder once (a link loop ends at the second visit); non-regular files, unreadable folders and folders
/// deeper than the limit are entries with an error, so the rest of the tree is still read.
/// </summary>
internal static class FolderWalker
{
    public static IEnumerable<FolderEntry> Walk(string root, int maxDepth, RunSummary? summary)
    {
        var seenFolders = new HashSet<string>(StringComparer.Ordinal) { RealPath(root) ?? Path.GetFullPath(root) };
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var open = new Stack<(IEnumerator<FileSystemInfo> Entries, int Depth)>();
        if (List(root, out var rootEntries) is { } rootError)
        {
            yield return new FolderEntry(root, rootError);
            yield break;
        }
        open.Push((rootEntries.GetEnumerator(), 0));
        while (open.TryPeek(out var top))
        {
            if (!top.Entries.MoveNext())
            {
                open.Pop().Entries.Dispose();
                continue;
            }
            var entry = top.Entries.Current;
            if (entry.Name.StartsWith('.'))
            {
                summary?.CountHidden();
                continue;
            }
            var path = entry.FullName;
            var real = entry.LinkTarget is null ? path : RealPath(path);
            if (real is null)
            {
                yield return new FolderEntry(path, "a link that leads nowhere (its target does not exist, or the links go round in a loop)");
                continue;
            }
            if (Directory.Exists(real))
            {
                if (!seenFolders.Add(real))
                {
                    summary?.CountRepeatedLink();
                    continue;
                }
                if (top.Depth + 1 > maxDepth)
                {
                    yield return new FolderEntry(path, $"the folder is nested more than {maxDepth} levels deep; not read");
                    continue;
                }
                if (List(path, out var entries) is { } error)
                {
                    yield return new FolderEntry(path, error);
                    continue;
                }
                open.Push((entries.GetEnumerator(), top.Depth + 1));
                continue;
            }
            if (!seenFiles.Add(real))
            {
                summary?.CountRepeatedLink();
                continue;
            }
            if (FileKinds.NotRegular(real) is { } kind)
            {
                yield return new FolderEntry(path, $"{kind}, not a regular file; not read");
                continue;
            }
            yield return new FolderEntry(path, null);
        }
    }

    /// <summary>A folder's entries, sorted with a '/' after folder names so the walk yields files in the order of their full paths.</summary>
    private static string? List(string folder, out List<FileSystemInfo> entries)
    {
        try
        {
            entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0 })
                .OrderBy(e => e is DirectoryInfo ? e.Name + "/" : e.Name, StringComparer.Ordinal).ToList();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            entries = [];
            return $"cannot read the folder: {ex.Message}";
        }
    }

    private static string? RealPath(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } || Directory.Exists(target?.FullName) ? Path.GetFullPath(target!.FullName) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
