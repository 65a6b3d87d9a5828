using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Service.Internal;
using Prometheus;

namespace NewsClassifier.Service;

/// <summary>
/// A group of endpoints added to the service (the editors' review pages, for instance): it registers its services,
/// then maps its routes behind the same authentication, rate limits, problem details and metrics.
/// </summary>
public interface INewsServiceModule
{
    /// <summary>Registers the module's services; called before the application is built.</summary>
    void ConfigureServices(WebApplicationBuilder builder, ServiceSettings settings);

    /// <summary>Maps the module's endpoints; use <see cref="ServicePolicies"/> and <see cref="NewsService.PerKeyRateLimit"/>.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints, ServiceSettings settings);
}

/// <summary>Ways a host or a test changes the service without copying it.</summary>
public sealed record ServiceHooks
{
    /// <summary>Called on the builder after the service's own registrations (e.g. a test server, a log capture).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Endpoint groups added after the built-in ones; null means <see cref="NewsService.Modules"/>.</summary>
    public IReadOnlyList<INewsServiceModule>? Modules { get; init; }
}

/// <summary>
/// The HTTP tagging service: builds the ASP.NET Core application from <see cref="ServiceSettings"/>. Routes come in
/// groups: <c>MapTagging</c> (/v1/tag, /v1/tag/batch, /v1/pages), <c>MapOperations</c> (/healthz, /readyz, /metrics,
/// /v1/model, /v1/admin/reload), then every <see cref="INewsServiceModule"/>.
/// </summary>
public static class NewsService
{
    /// <summary>The rate-limit policy every key-bearing endpoint uses: a token bucket per API key.</summary>
    public const string PerKeyRateLimit = "per-key";

    /// <summary>The timeout policy of single-story endpoints (<see cref="ServiceSettings.RequestTimeoutSeconds"/>).</summary>
    public const string StoryTimeout = "story";

    /// <summary>The timeout policy of batch endpoints (<see cref="ServiceSettings.BatchTimeoutSeconds"/>).</summary>
    public const string BatchTimeout = "batch";

    /// <summary>The endpoint groups every service gets beyond the built-in ones. Add a module here to ship it.</summary>
    public static IReadOnlyList<INewsServiceModule> Modules { get; } = [new Desk.DeskModule()];

    /// <summary>
    /// Reads the settings the usual ASP.NET Core way: <c>appsettings.json</c> in <paramref name="contentRoot"/>, then
    /// environment variables (<c>Service__NoAuth=true</c>), then <paramref name="flags"/> (configuration keys such
    /// as <c>Service:Model</c>, from the command line), and validates them.
    /// </summary>
    public static ServiceSettings ReadSettings(string contentRoot, IReadOnlyDictionary<string, string?>? flags = null) =>
        Bind(BuildConfiguration(contentRoot, flags)).Validate();

    /// <summary>
    /// Builds the application: loads and verifies the model, reads the API keys, and wires authentication, rate
    /// limits, body and header limits, timeouts, CORS, metrics, problem details and the endpoint groups.
    /// Throws <see cref="ModelLoadException"/> when the model folder cannot be trusted, <see cref="ServiceStartException"/>
    /// when authentication is on and no key exists.
    /// </summary>
    public static WebApplication Build(ServiceSettings settings, ServiceHooks? hooks = null, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        hooks ??= new ServiceHooks();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = contentRoot ?? Directory.GetCurrentDirectory(),
            Args = [],
        });
        CheckKestrelEndpoints(builder.Configuration, settings);

        builder.WebHost.UseUrls([.. settings.UrlList]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBatchBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = settings.MaxRequestHeadersBytes;
            kestrel.Limits.MinRequestBodyDataRate = settings.MinRequestBodyBytesPerSecond > 0
                ? new MinDataRate(settings.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5))
                : null;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.DrainSeconds));

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = SafeConsoleFormatter.Name).AddConsoleFormatter<SafeConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information)
            // A refused key is answered 401; one log line per refusal would let anyone fill the log.
            .AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning)
            // Data protection is unused (no cookies); its warning about unencrypted keys would only confuse operators.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var metrics = new ServiceMetrics();
        var keys = new ApiKeyRegistry(settings.NoAuth ? [] : ReadKeys(settings), settings.NoAuth);
        if (!settings.NoAuth && keys.Count == 0)
        {
            throw ServiceStartException.NoKeys(settings.KeysFilePath);
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(services => new ModelHost(settings.ModelPath, new TaggerOptions { Threads = settings.Threads }, services.GetRequiredService<ILogger<ModelHost>>()));
        builder.Services.AddSingleton(keys);
        builder.Services.AddHostedService<ModelWatcher>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ServicePolicies.Tagging, p => p.RequireAuthenticatedUser())
            .AddPolicy(ServicePolicies.Editing, p => p.RequireRole(ServiceRoles.Editor))
            .AddPolicy(ServicePolicies.Administration, p => p.RequireRole(ServiceRoles.Admin));
        builder.Services.AddRateLimiter(o => ConfigureRateLimits(o, settings));
        builder.Services.AddRequestTimeouts(o =>
        {
            o.AddPolicy(StoryTimeout, TimeoutPolicy(settings.RequestTimeoutSeconds));
            o.AddPolicy(BatchTimeout, TimeoutPolicy(settings.BatchTimeoutSeconds));
        });
        if (settings.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
                .WithOrigins([.. settings.CorsOrigins])
                .WithMethods("GET", "POST")
                .WithHeaders("Authorization", "Content-Type")
                .WithExposedHeaders(TaggingEndpoints.ModelVersionHeader, "Retry-After")));
        }
        var modules = hooks.Modules ?? Modules;
        foreach (var module in modules)
        {
            module.ConfigureServices(builder, settings);
        }
        hooks.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        metrics.Observers = [.. app.Services.GetServices<ITaggingObserver>()];
        metrics.ModelServing(app.Services.GetRequiredService<ModelHost>().LoadInitial().Version);

        app.UseExceptionHandler();
        // Answers that routing or a middleware gave without a body (404, 405, 415...) become problem details too.
        app.UseStatusCodePages(context => Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode,
            Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode), DetailOf(context.HttpContext.Response.StatusCode)));
        app.UseRouting();
        app.UseHttpMetrics(o => o.SetMetricFactory(metrics.Factory));
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Requests.WithLabels(context.User.Identity?.Name ?? "anonymous", route, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture)).Inc();
            }
        });
        if (settings.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapTagging();
        app.MapOperations(settings, metrics);
        foreach (var module in modules)
        {
            module.MapEndpoints(app, settings);
        }
        return app;
    }

    /// <summary>
    /// Runs the service until SIGTERM or Ctrl+C: makes and prints a first key when none exists, builds, starts, says
    /// where it listens, then drains in-flight requests for at most <see cref="ServiceSettings.DrainSeconds"/>.
    /// </summary>
    public static async Task RunAsync(ServiceSettings settings, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        if (!settings.NoAuth && settings.GenerateKeyWhenNone && settings.Keys.Count == 0 && ApiKeyFile.Read(settings.KeysFilePath).Count == 0)
        {
            var key = ApiKeyFile.Add(settings.KeysFilePath, "default", ServiceRoles.Admin);
            await console.WriteLineAsync($"newsclf: no API key existed, so one was made (name 'default', role admin). It is shown only now; its hash is in {settings.KeysFilePath}:");
            await console.WriteLineAsync(key);
        }
        // SIGTERM and Ctrl+C reach the host's console lifetime, which stops the application; Kestrel then drains.
        await using var app = Build(settings);
        await app.StartAsync(cancellationToken);
        var models = app.Services.GetRequiredService<ModelHost>();
        await console.WriteLineAsync($"newsclf: serving model {models.Current.Version} on {string.Join(", ", app.Urls)} ({(settings.NoAuth ? "no authentication: loopback only" : "API keys required")}); Ctrl+C or SIGTERM stops.");
        await console.FlushAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static IConfiguration BuildConfiguration(string contentRoot, IReadOnlyDictionary<string, string?>? flags) =>
        new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(flags ?? new Dictionary<string, string?>())
            .Build();

    private static ServiceSettings Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(ServiceSettings.SectionName);
        try
        {
            return section.Get<ServiceSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new ServiceSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"The {ServiceSettings.SectionName} configuration cannot be read: {ex.Message}", ex);
        }
    }

    private static List<ApiKeyEntry> ReadKeys(ServiceSettings settings) => [.. settings.Keys, .. ApiKeyFile.Read(settings.KeysFilePath)];

    private static void CheckKestrelEndpoints(IConfiguration configuration, ServiceSettings settings)
    {
        if (!settings.NoAuth)
        {
            return;
        }
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url && !ServiceSettings.IsLoopback(url))
            {
                throw new ArgumentException($"--no-auth is for local use only, but Kestrel:Endpoints:{endpoint.Key} listens on '{url}'. Listen on 127.0.0.1 or configure API keys.");
            }
        }
    }

    private static void ConfigureRateLimits(RateLimiterOptions options, ServiceSettings settings)
    {
        // Replenish in small steps so a key's allowance is smooth rather than a burst at each second.
        var period = settings.RequestsPerSecondPerKey >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1 / settings.RequestsPerSecondPerKey);
        var perPeriod = Math.Max(1, (int)Math.Round(settings.RequestsPerSecondPerKey * period.TotalSeconds));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(PerKeyRateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
            context.User.Identity?.Name ?? "anonymous",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.BurstPerKey,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        options.OnRejected = async (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : period;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"This key has used its allowance of {settings.RequestsPerSecondPerKey} requests per second; retry after {seconds} s.");
        };
    }

    private static string DetailOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No such route. The routes are listed in /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => "This route does not take this method. The routes and their methods are listed in /openapi/v1.json.",
        StatusCodes.Status415UnsupportedMediaType => "This route does not take this Content-Type: /v1/tag takes application/json, /v1/tag/batch application/x-ndjson, /v1/pages text/plain.",
        _ => "The request could not be served.",
    };

    private static RequestTimeoutPolicy TimeoutPolicy(double seconds) => new()
    {
        Timeout = TimeSpan.FromSeconds(seconds),
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = context => Problems.Write(context, StatusCodes.Status504GatewayTimeout, "Request timed out",
            $"The request took longer than {seconds} s and was stopped."),
    };
}

/// <summary>Told about every story the service tags, on the request's thread: must be quick and must not throw.</summary>
public interface ITaggingObserver
{
    /// <summary>One story was tagged (or failed: see <see cref="TagResult.Error"/>).</summary>
    void Tagged(TagResult result);
}

/// <summary>Keeps stories sent with <c>"review": true</c> for the editors.</summary>
public interface IReviewQueue
{
    /// <summary>Queues a tagged story for review with the suggestion of <paramref name="model"/>.</summary>
    Task EnqueueAsync(NewsArticle article, ServedModel model, CancellationToken cancellationToken);
}
