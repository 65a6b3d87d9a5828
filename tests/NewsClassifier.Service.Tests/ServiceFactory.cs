using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Service.Internal;

namespace NewsClassifier.Service.Tests;

/// <summary>
/// A WebApplicationFactory over <see cref="NewsService.Build"/>: the service is a library without a Program of its
/// own, so the factory is handed the application the service builds (on a TestServer) instead of finding one.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<ServiceFactory>
{
    private readonly ServiceSettings _settings;
    private readonly ServiceHooks _hooks;

    public ServiceFactory(ServiceSettings? settings = null, ServiceHooks? hooks = null)
    {
        _settings = settings ?? TestKeys.Settings();
        _hooks = hooks ?? new ServiceHooks();
    }

    /// <summary>Every log line the service wrote, formatted as the console formatter writes it.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A client that sends this key (null: none).</summary>
    public HttpClient Client(string? key = TestKeys.Tagger)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    // Non-null, so the factory does not look for an entry point that builds a host.
    protected override IHostBuilder CreateHostBuilder() => Host.CreateDefaultBuilder();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var app = NewsService.Build(_settings, _hooks with
        {
            ConfigureBuilder = b =>
            {
                b.WebHost.UseTestServer();
                b.Logging.AddProvider(new CapturingLoggerProvider(Logs));
                _hooks.ConfigureBuilder?.Invoke(b);
            },
        });
        app.Start();
        return app;
    }
}

/// <summary>The keys every test service accepts: one per role, hashes only in the settings.</summary>
public static class TestKeys
{
    public const string Tagger = "nck_test-tagger-0001";
    public const string Other = "nck_test-other-0002";
    public const string Editor = "nck_test-editor-0003";
    public const string Admin = "nck_test-admin-0004";

    public static string Models => Path.Combine(AppContext.BaseDirectory, "models");

    public static ServiceSettings Settings() => new()
    {
        Model = Models,
        KeysFile = Path.Combine(Path.GetTempPath(), "nc-service-tests-no-such-file.json"),
        GenerateKeyWhenNone = false,
        Threads = 2,
        Keys =
        [
            Entry("cms", ServiceRoles.Tagger, Tagger),
            Entry("archive", ServiceRoles.Tagger, Other),
            Entry("desk", ServiceRoles.Editor, Editor),
            Entry("ops", ServiceRoles.Admin, Admin),
        ],
    };

    private static ApiKeyEntry Entry(string name, string role, string key) => new() { Name = name, Role = role, Sha256 = ApiKeyFile.Hash(key) };
}

/// <summary>One shared service for the tests that do not change settings: the model loads once.</summary>
public sealed class SharedServiceFixture : IDisposable
{
    public ServiceFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SharedServiceCollection : ICollectionFixture<SharedServiceFixture>
{
    public const string Name = "shared service";
}

/// <summary>Keeps log lines in memory, formatted by the service's own console formatter.</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(SafeConsoleFormatter.Format(DateTimeOffset.UtcNow, logLevel, category, formatter(state, null), exception));
    }
}

/// <summary>Request bodies the tests send.</summary>
internal static class Bodies
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Story(string id, string title, string text) =>
        Json(System.Text.Json.JsonSerializer.Serialize(new { id, title, text }));

    public static StringContent Ndjson(string lines) => new(lines, Encoding.UTF8, "application/x-ndjson");

    /// <summary>A report of about 60 words written for these tests.</summary>
    public const string PipelineTitle = "Turkmenistan and Afghanistan open a new section of the TAPI gas pipeline";

    public const string PipelineText =
        "ASHGABAT - Turkmenistan and Afghanistan on Thursday opened a completed section of the TAPI gas pipeline near the border town of Serhetabat, " +
        "officials said. The energy ministry said the section would carry natural gas to Herat once compressor stations are finished next year. " +
        "Diplomats from Pakistan and India attended the ceremony and called the project a test of regional cooperation.";

    public static string NdjsonLine(string id, string title, string text) =>
        System.Text.Json.JsonSerializer.Serialize(new { id, title, text });
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nc-service-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The service on real Kestrel sockets, on a free loopback port: for what a TestServer does not do (header and data-rate limits, streaming bodies).</summary>
internal sealed class KestrelService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<KestrelService> StartAsync(ServiceSettings settings)
    {
        var app = NewsService.Build(settings with { Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        return new KestrelService(app, new Uri(app.Urls.Single()));
    }

    public HttpClient Client(string? key = TestKeys.Tagger)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
