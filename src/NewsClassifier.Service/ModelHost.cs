using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NewsClassifier.Service;

/// <summary>A loaded, verified model and the version string that names it in responses and metrics.</summary>
/// <param name="Tagger">The tagger; immutable, so a request that took it finishes on it even after a swap.</param>
/// <param name="Version">The card's name and the first 12 hex digits of the SHA-256 of its card.</param>
/// <param name="Folder">The folder it was loaded from.</param>
public sealed record ServedModel(NewsTagger Tagger, string Version, string Folder)
{
    /// <summary>The same models with explanations on (<c>?explain=true</c>), made once per model.</summary>
    public NewsTagger Explaining { get; } = Tagger.With(Tagger.Options with { Explain = true });
}

/// <summary>What a reload did.</summary>
/// <param name="Swapped">True when a new model now serves.</param>
/// <param name="Version">The version serving after the reload.</param>
/// <param name="Problem">Why the new folder was refused; null when it was accepted or unchanged.</param>
public sealed record ReloadOutcome(bool Swapped, string Version, string? Problem);

/// <summary>
/// Holds the model that serves, and swaps it: a new folder is loaded and verified (card, checksums, a test story)
/// beside the old one, then replaces it in one reference write. Requests read <see cref="Current"/> once and keep it.
/// </summary>
public sealed class ModelHost
{
    private readonly string _source;
    private readonly TaggerOptions _options;
    private readonly ILogger<ModelHost> _logger;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private ServedModel? _current;
    private string? _lastRefused;

    /// <summary>Makes a host for a model folder or pointer; nothing is loaded until <see cref="LoadInitial"/>.</summary>
    public ModelHost(string source, TaggerOptions options, ILogger<ModelHost> logger)
    {
        _source = source;
        _options = options;
        _logger = logger;
    }

    /// <summary>The model serving now; throws before the first load.</summary>
    public ServedModel Current => _current ?? throw new InvalidOperationException("No model is loaded yet.");

    /// <summary>Whether a verified model is serving.</summary>
    public bool IsReady => _current is not null;

    /// <summary>The model folder or pointer this host follows.</summary>
    public string Source => _source;

    /// <summary>Whether the source is a pointer (a file naming a folder, or a symbolic link) rather than a folder.</summary>
    public bool SourceIsPointer => IsPointer(_source);

    /// <summary>The folder the source points to now: the folder itself, a symbolic link's target, or the path a pointer file holds.</summary>
    public static string Resolve(string source)
    {
        var info = new FileInfo(source);
        if (info.Exists)
        {
            // A pointer file holds one path, relative to the pointer's own folder.
            var target = File.ReadAllText(source).Trim();
            if (target.Length == 0 || target.Contains('\n'))
            {
                throw new InvalidDataException($"The model pointer '{source}' must hold one folder path on one line.");
            }
            return Path.GetFullPath(target, Path.GetDirectoryName(Path.GetFullPath(source))!);
        }
        var folder = new DirectoryInfo(source);
        if (folder.LinkTarget is not null && folder.ResolveLinkTarget(returnFinalTarget: true) is { } resolved)
        {
            return resolved.FullName;
        }
        return Path.GetFullPath(source);
    }

    /// <summary>Loads the first model; throws <see cref="ModelLoadException"/> when it cannot be trusted.</summary>
    public ServedModel LoadInitial()
    {
        _current = Verify(Resolve(_source));
        _logger.LogInformation("Model {Version} serving from {Folder}", _current.Version, _current.Folder);
        return _current;
    }

    /// <summary>
    /// Re-reads the source; when it names another folder (or <paramref name="force"/>), loads and verifies it and swaps.
    /// A folder that fails verification is refused and the old model keeps serving.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var old = _current;
            string folder;
            try
            {
                folder = Resolve(_source);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return Refused(old, ex.Message);
            }
            // Without force, a folder already serving or already refused is not loaded again (the watcher polls).
            if (!force && old is not null && (folder == old.Folder || folder == _lastRefused))
            {
                return new ReloadOutcome(false, old.Version, null);
            }
            ServedModel candidate;
            try
            {
                // Loading takes a second of CPU; off the request threads.
                candidate = await Task.Run(() => Verify(folder), cancellationToken);
            }
            catch (Exception ex) when (ex is ModelLoadException or InvalidDataException or IOException)
            {
                _lastRefused = folder;
                return Refused(old, ex.Message);
            }
            _lastRefused = null;
            _current = candidate;
            _logger.LogInformation("Model swapped: {Old} -> {New} from {Folder}", old?.Version ?? "(none)", candidate.Version, folder);
            return new ReloadOutcome(true, candidate.Version, null);
        }
        finally
        {
            _reloading.Release();
        }
    }

    private ReloadOutcome Refused(ServedModel? old, string problem)
    {
        _logger.LogWarning("Model reload refused, {Version} keeps serving: {Problem}", old?.Version ?? "(none)", problem);
        return new ReloadOutcome(false, old?.Version ?? "(none)", problem);
    }

    private ServedModel Verify(string folder)
    {
        // NewsTagger.Load checks the card, the schema version and every file's checksum; a story then proves the chain runs.
        var tagger = NewsTagger.Load(folder, _options);
        var probe = tagger.Tag(new NewsArticle("model-check", "Officials in Astana signed an agreement on a new power line with Uzbekistan on Monday.", "Power line agreement signed"));
        if (!probe.Succeeded || probe.TopicScores.Count != tagger.Labels.Count)
        {
            throw new InvalidDataException($"The model in '{folder}' loads but cannot tag a test story ({probe.Error ?? "scores missing"}).");
        }
        return new ServedModel(tagger, VersionOf(tagger.Card), folder);
    }

    /// <summary>The version string of a card: its name and a short hash of its content (which holds every file's checksum).</summary>
    public static string VersionOf(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(card.ToJson())));
        return $"{card.Name}-{hash[..12]}";
    }

    private static bool IsPointer(string source) =>
        File.Exists(source) || (Directory.Exists(source) && new DirectoryInfo(source).LinkTarget is not null);
}
