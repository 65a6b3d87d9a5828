using System.Net;

namespace NewsClassifier.Service;

/// <summary>
/// Everything <c>newsclf serve</c> can be told, with the embedded defaults (shipped model, loopback, API keys on).
/// Bound from the <c>Service</c> section of the configuration (appsettings.json, then <c>Service__*</c> environment
/// variables, then flags); <see cref="Validate"/> names the offending value.
/// </summary>
public sealed record ServiceSettings
{
    /// <summary>The configuration section the settings are read from.</summary>
    public const string SectionName = "Service";

    /// <summary>The address <c>newsclf serve</c> listens on when nothing else is configured.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Where to listen: URLs separated by ';' (ignored when Kestrel:Endpoints is configured, e.g. for HTTPS).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>
    /// The model: a model folder, or a pointer to one (a text file holding a folder path, or a symbolic link to a
    /// folder) that is watched and hot-swapped when it changes. Null means the shipped model next to the executable.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>How often, in seconds, a pointer is checked for a new model; 0 turns watching off.</summary>
    public double ModelPollSeconds { get; init; } = 2;

    /// <summary>Serve without API keys; refused unless every address is loopback.</summary>
    public bool NoAuth { get; init; }

    /// <summary>The file of API key hashes written by <c>newsclf keys add</c>; null means <see cref="ApiKeyFile.DefaultPath"/>.</summary>
    public string? KeysFile { get; init; }

    /// <summary>When no key exists at start, make one (admin role), print it once and store its hash.</summary>
    public bool GenerateKeyWhenNone { get; init; } = true;

    /// <summary>Extra keys from configuration (e.g. a Kubernetes secret as environment variables), hashes only.</summary>
    public IReadOnlyList<ApiKeyEntry> Keys { get; init; } = [];

    /// <summary>Requests per second each key may make, on average.</summary>
    public double RequestsPerSecondPerKey { get; init; } = 200;

    /// <summary>How many requests a key may make at once above its average before it gets 429.</summary>
    public int BurstPerKey { get; init; } = 400;

    /// <summary>The largest body of <c>/v1/tag</c> and <c>/v1/pages</c>, and of one line of a batch, in bytes.</summary>
    public long MaxStoryBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The largest body of <c>/v1/tag/batch</c>, in bytes.</summary>
    public long MaxBatchBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The most stories in one batch; the lines after it get error records (count out stays count in).</summary>
    public int MaxBatchStories { get; init; } = 50_000;

    /// <summary>The longest a single-story request may take, in seconds, before it is answered 504.</summary>
    public double RequestTimeoutSeconds { get; init; } = 30;

    /// <summary>The longest a batch request may take, in seconds.</summary>
    public double BatchTimeoutSeconds { get; init; } = 300;

    /// <summary>On SIGTERM, how long in-flight requests may run on before the process exits anyway, in seconds.</summary>
    public double DrainSeconds { get; init; } = 10;

    /// <summary>A client sending its body slower than this many bytes per second (after a 5 s grace) is cut off.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>The largest total size of the request headers, in bytes (Kestrel answers 431 above it).</summary>
    public int MaxRequestHeadersBytes { get; init; } = 32 * 1024;

    /// <summary>Origins allowed to call the API from a browser; empty means CORS stays off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Threads a batch request tags on.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether <c>/metrics</c> answers without a key (for a scraper inside a private network).</summary>
    public bool AnonymousMetrics { get; init; }

    /// <summary>The editors' feedback store: a SQLite file path or a PostgreSQL connection string ("Host=..."); null means newsclf.db in the working folder.</summary>
    public string? Store { get; init; }

    /// <summary>On the review page, topics scoring at least this are pre-accepted.</summary>
    public double DeskAcceptAbove { get; init; } = 0.9;

    /// <summary>On the review page, topics scoring below this are hidden (reachable under "more").</summary>
    public double DeskSuggestAbove { get; init; } = 0.15;

    /// <summary>The URLs, split.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The keys file actually used.</summary>
    public string KeysFilePath => KeysFile ?? ApiKeyFile.DefaultPath;

    /// <summary>The model folder or pointer actually used.</summary>
    public string ModelPath => Model ?? NewsTagger.DefaultModelFolder;

    /// <summary>Checks the settings; the message names the offending value and what to do.</summary>
    public ServiceSettings Validate()
    {
        if (UrlList.Count == 0)
        {
            throw new ArgumentException("Urls is empty: give at least one address to listen on, e.g. http://127.0.0.1:5080.", nameof(Urls));
        }
        foreach (var url in UrlList)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"'{url}' in Urls is not an http or https URL such as http://127.0.0.1:5080.", nameof(Urls));
            }
        }
        if (NoAuth && UrlList.FirstOrDefault(u => !IsLoopback(u)) is { } open)
        {
            throw new ArgumentException($"--no-auth is for local use only, but '{open}' is not a loopback address. Listen on 127.0.0.1 or configure API keys ('newsclf keys add NAME').", nameof(NoAuth));
        }
        Positive(RequestsPerSecondPerKey, nameof(RequestsPerSecondPerKey));
        Positive(BurstPerKey, nameof(BurstPerKey));
        Positive(MaxStoryBytes, nameof(MaxStoryBytes));
        Positive(MaxBatchStories, nameof(MaxBatchStories));
        Positive(RequestTimeoutSeconds, nameof(RequestTimeoutSeconds));
        Positive(BatchTimeoutSeconds, nameof(BatchTimeoutSeconds));
        Positive(DrainSeconds, nameof(DrainSeconds));
        Positive(MaxRequestHeadersBytes, nameof(MaxRequestHeadersBytes));
        Positive(Threads, nameof(Threads));
        if (MaxBatchBytes < MaxStoryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes), MaxBatchBytes, $"MaxBatchBytes ({MaxBatchBytes}) must be at least MaxStoryBytes ({MaxStoryBytes}).");
        }
        if (ModelPollSeconds < 0 || double.IsNaN(ModelPollSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(ModelPollSeconds), ModelPollSeconds, $"ModelPollSeconds must be 0 (off) or more, not {ModelPollSeconds}.");
        }
        if (MinRequestBodyBytesPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinRequestBodyBytesPerSecond), MinRequestBodyBytesPerSecond, $"MinRequestBodyBytesPerSecond must be 0 (off) or more, not {MinRequestBodyBytesPerSecond}.");
        }
        if (!(DeskSuggestAbove >= 0 && DeskSuggestAbove < DeskAcceptAbove && DeskAcceptAbove <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DeskAcceptAbove), DeskAcceptAbove, $"The desk's bands need 0 <= DeskSuggestAbove ({DeskSuggestAbove}) < DeskAcceptAbove ({DeskAcceptAbove}) <= 1.");
        }
        foreach (var key in Keys)
        {
            key.Validate();
        }
        foreach (var origin in CorsOrigins)
        {
            if (origin == "*" || !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                throw new ArgumentException($"CorsOrigins holds '{origin}': name each origin in full (https://cms.example.org); '*' is not allowed with API keys.", nameof(CorsOrigins));
            }
        }
        return this;
    }

    /// <summary>Whether a listen URL names only the loopback interface.</summary>
    public static bool IsLoopback(string url)
    {
        var hostStart = url.IndexOf("://", StringComparison.Ordinal);
        var host = hostStart < 0 ? url : url[(hostStart + 3)..];
        var end = host.StartsWith('[') ? host.IndexOf(']') + 1 : host.IndexOfAny([':', '/']);
        host = end > 0 ? host[..end] : host;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than 0, not {value}.");
        }
    }
}

/// <summary>An API key as the service stores it: a name for logs and metrics, a role, and the SHA-256 of the key.</summary>
public sealed record ApiKeyEntry
{
    /// <summary>The key's name, shown in logs and metrics (never the key itself).</summary>
    public string Name { get; init; } = "";

    /// <summary>What the key may do: <see cref="ServiceRoles.Tagger"/>, <see cref="ServiceRoles.Editor"/> or <see cref="ServiceRoles.Admin"/>.</summary>
    public string Role { get; init; } = ServiceRoles.Tagger;

    /// <summary>The SHA-256 of the key, lower-case hex.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>When the key was made (UTC, ISO 8601), for the operator's records.</summary>
    public string? CreatedUtc { get; init; }

    /// <summary>Checks the entry; the message names the offending value.</summary>
    public ApiKeyEntry Validate()
    {
        if (!ApiKeyFile.IsValidName(Name))
        {
            throw new ArgumentException($"The API key name '{Name}' is not usable: use 1-64 letters, digits, '-', '_' or '.'.", nameof(Name));
        }
        if (!ServiceRoles.All.Contains(Role))
        {
            throw new ArgumentException($"The API key '{Name}' has role '{Role}'; use one of {string.Join(", ", ServiceRoles.All)}.", nameof(Role));
        }
        if (Sha256.Length != 64 || !Sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"The API key '{Name}' has no valid Sha256 (64 hex digits); make keys with 'newsclf keys add NAME'.", nameof(Sha256));
        }
        return this;
    }
}

/// <summary>The roles a key can have; each includes the ones before it.</summary>
public static class ServiceRoles
{
    /// <summary>May tag stories and pages and read the model card.</summary>
    public const string Tagger = "tagger";

    /// <summary>May also use the editors' endpoints (review, feedback).</summary>
    public const string Editor = "editor";

    /// <summary>May also reload the model.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, weakest first.</summary>
    public static readonly IReadOnlyList<string> All = [Tagger, Editor, Admin];

    /// <summary>The roles a key of this role holds (an admin is also an editor and a tagger).</summary>
    public static IEnumerable<string> Implied(string role) => All.Take(All.ToList().IndexOf(role) + 1);
}

/// <summary>The authorization policies endpoints name.</summary>
public static class ServicePolicies
{
    /// <summary>Any valid key.</summary>
    public const string Tagging = "tagging";

    /// <summary>An editor or admin key.</summary>
    public const string Editing = "editing";

    /// <summary>An admin key.</summary>
    public const string Administration = "administration";
}
