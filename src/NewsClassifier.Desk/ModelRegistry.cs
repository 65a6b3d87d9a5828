using System.Text.Json;

namespace NewsClassifier.Desk;

/// <summary>
/// A folder of model versions side by side (<c>versions/NAME/</c>, each a model folder) and a <c>current</c> file
/// naming the one served as a path relative to the registry (<c>versions/NAME</c>: the pointer format
/// <c>newsclf serve --model REGISTRY/current</c> follows). Promote and rollback rewrite <c>current</c> through a temporary file and a rename, so a
/// reader sees the old pointer or the new one, never half of one; <c>history.json</c> remembers earlier pointers.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>The pointer file's name.</summary>
    public const string PointerFile = "current";

    /// <summary>The sub-folder holding the versions.</summary>
    public const string VersionsFolder = "versions";

    private const string HistoryFile = "history.json";

    /// <summary>Opens (without creating) the registry at <paramref name="root"/>.</summary>
    public ModelRegistry(string root) => Root = Path.GetFullPath(root);

    /// <summary>The registry folder.</summary>
    public string Root { get; }

    /// <summary>The pointer file's full path (the service watches it).</summary>
    public string PointerPath => Path.Combine(Root, PointerFile);

    /// <summary>The folder of a version.</summary>
    public string FolderOf(string version) => Path.Combine(Root, VersionsFolder, CheckName(version));

    /// <summary>Every version, by name.</summary>
    public IReadOnlyList<string> Versions() => Directory.Exists(Path.Combine(Root, VersionsFolder))
        ? Directory.GetDirectories(Path.Combine(Root, VersionsFolder)).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.')).Select(n => n!).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The version served now, or null when nothing was promoted.</summary>
    public string? Current => File.Exists(PointerPath) && File.ReadAllText(PointerPath).Trim() is { Length: > 0 } target
        ? Path.GetFileName(target.TrimEnd('/'))
        : null;

    /// <summary>The folder served now, or null.</summary>
    public string? CurrentFolder => Current is { } v ? FolderOf(v) : null;

    /// <summary>Earlier pointers, oldest first.</summary>
    public IReadOnlyList<string> History() => File.Exists(Path.Combine(Root, HistoryFile))
        ? JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(Root, HistoryFile))) ?? []
        : [];

    /// <summary>Copies a model folder into the registry as a new version (refused if the name is taken).</summary>
    public string Add(string version, string modelFolder)
    {
        var target = FolderOf(version);
        if (Directory.Exists(target))
        {
            throw RegistryException.VersionExists(version);
        }
        var staging = Path.Combine(Root, VersionsFolder, $".{version}.staging-{Environment.ProcessId}");
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.GetFiles(modelFolder))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>Points <c>current</c> at <paramref name="version"/>, remembering the previous pointer.</summary>
    public void Promote(string version)
    {
        if (!Directory.Exists(FolderOf(version)))
        {
            throw RegistryException.UnknownVersion(version, Versions());
        }
        var history = History().ToList();
        if (Current is { } previous && previous != version)
        {
            history.Add(previous);
        }
        // History first: a crash between the two writes leaves an extra history entry, never a lost one.
        WriteAtomically(Path.Combine(Root, HistoryFile), JsonSerializer.Serialize(history));
        WriteAtomically(PointerPath, PointerTo(version));
    }

    /// <summary>Points <c>current</c> back at the previous version; returns it.</summary>
    public string Rollback()
    {
        var history = History().ToList();
        if (history.Count == 0)
        {
            throw RegistryException.NothingToRollBack();
        }
        var previous = history[^1];
        history.RemoveAt(history.Count - 1);
        WriteAtomically(PointerPath, PointerTo(previous));
        WriteAtomically(Path.Combine(Root, HistoryFile), JsonSerializer.Serialize(history));
        return previous;
    }

    private static string PointerTo(string version) => $"{VersionsFolder}/{CheckName(version)}\n";

    private static string CheckName(string version)
    {
        if (string.IsNullOrWhiteSpace(version) || version.Length > 100 || version.StartsWith('.') || version.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw RegistryException.BadName(version);
        }
        return version;
    }

    private static void WriteAtomically(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
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
}

/// <summary>A registry operation that cannot be done; the message says what to do.</summary>
public sealed class RegistryException : Exception
{
    private RegistryException(string message) : base(message) { }

    /// <summary>The named version is not in the registry.</summary>
    public static RegistryException UnknownVersion(string version, IReadOnlyList<string> known) => new(
        $"No version '{version}' in the registry. Known: {(known.Count == 0 ? "none" : string.Join(", ", known))}. Train into REGISTRY/versions/NAME or add one with 'newsclf registry add'.");

    /// <summary>The name is already used.</summary>
    public static RegistryException VersionExists(string version) => new($"The registry already has a version '{version}'. Versions are never overwritten: choose a new name.");

    /// <summary>The name has characters a folder name should not.</summary>
    public static RegistryException BadName(string version) => new($"'{version}' is not a usable version name: use letters, digits, '-', '_' and '.' (at most 100, not starting with '.').");

    /// <summary>There is no earlier pointer.</summary>
    public static RegistryException NothingToRollBack() => new("Nothing to roll back to: no version was served before the current one.");
}
