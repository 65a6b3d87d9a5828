using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NewsClassifier.Service;

/// <summary>
/// The file of API keys the service accepts: names, roles and SHA-256 hashes, never the keys themselves.
/// A key is 32 random bytes, so an unsalted SHA-256 cannot be reversed by guessing.
/// </summary>
public static class ApiKeyFile
{
    /// <summary>The prefix of every key, so a leaked key is easy to recognise in a scan.</summary>
    public const string KeyPrefix = "nck_";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The default keys file: <c>newsclf/keys.json</c> in the user's configuration folder (~/.config on Linux).</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "newsclf", "keys.json");

    /// <summary>Whether a key name is usable: 1-64 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The SHA-256 of a key, lower-case hex: what the file stores.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Reads the keys of a file; a missing file has none.</summary>
    public static IReadOnlyList<ApiKeyEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            var document = JsonSerializer.Deserialize<KeysDocument>(File.ReadAllText(path), JsonOptions) ?? new KeysDocument();
            foreach (var key in document.Keys)
            {
                key.Validate();
            }
            return document.Keys;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The API keys file '{path}' cannot be used ({ex.Message}). Fix it, or move it away and add keys again with 'newsclf keys add NAME'.", ex);
        }
    }

    /// <summary>
    /// Makes a new key, stores its hash under <paramref name="name"/> (replacing a key of that name) and returns the
    /// key: the only time it exists in clear. The file is written to a temporary file and renamed into place.
    /// </summary>
    public static string Add(string path, string name, string role = ServiceRoles.Tagger)
    {
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var entry = new ApiKeyEntry { Name = name, Role = role, Sha256 = Hash(key), CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") }.Validate();
        var keys = Read(path).Where(k => k.Name != name).Append(entry).ToList();
        Write(path, new KeysDocument { Keys = keys });
        return key;
    }

    private static void Write(string path, KeysDocument document)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        // Only the owner reads the hashes: they are not secrets, but there is no reason to share them.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, document, JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record KeysDocument
    {
        public List<ApiKeyEntry> Keys { get; init; } = [];
    }
}
