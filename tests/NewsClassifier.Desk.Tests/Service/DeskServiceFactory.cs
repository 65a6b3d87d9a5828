using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Service;

namespace NewsClassifier.Desk.Tests.Service;

/// <summary>The service with its desk on a TestServer, over a SQLite store in a temporary folder.</summary>
public sealed class DeskServiceFactory : WebApplicationFactory<DeskServiceFactory>
{
    public const string TaggerKey = "nck_desk-test-tagger-01";
    public const string EditorKey = "nck_desk-test-editor-02";

    private readonly string _folder = Directory.CreateTempSubdirectory("newsclf-desk-").FullName;

    public string StorePath => Path.Combine(_folder, "desk.db");

    public static string Models => Path.Combine(AppContext.BaseDirectory, "models");

    public ServiceSettings Settings => new()
    {
        Model = Models,
        Store = StorePath,
        KeysFile = Path.Combine(_folder, "no-keys.json"),
        GenerateKeyWhenNone = false,
        Threads = 1,
        Keys =
        [
            new ApiKeyEntry { Name = "cms", Role = ServiceRoles.Tagger, Sha256 = ApiKeyFile.Hash(TaggerKey) },
            new ApiKeyEntry { Name = "aigerim", Role = ServiceRoles.Editor, Sha256 = ApiKeyFile.Hash(EditorKey) },
        ],
    };

    /// <summary>The store the service writes to.</summary>
    public IFeedbackStore Store => Services.GetRequiredService<IFeedbackStore>();

    protected override IHostBuilder CreateHostBuilder() => Host.CreateDefaultBuilder();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var app = NewsService.Build(Settings, new ServiceHooks { ConfigureBuilder = b => b.WebHost.UseTestServer() });
        app.Start();
        return app;
    }

    /// <summary>A client with a cookie jar, as the page is.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    /// <summary>A client sending a bearer key.</summary>
    public HttpClient WithKey(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>What the page does over HTTP: fetch a session token, sign in, paste, decide.</summary>
internal static class PageCalls
{
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var session = await client.GetFromJsonAsync<JsonElement>("/desk/session");
        return session.GetProperty("csrfToken").GetString()!;
    }

    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/desk/login") { Content = new FormUrlEncodedContent([new("key", key)]) };
        request.Headers.Add("X-CSRF-TOKEN", await TokenAsync(client));
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Signs in as the editor and returns the session's token.</summary>
    public static async Task<string> SignedInAsync(HttpClient client)
    {
        var login = await LoginAsync(client, DeskServiceFactory.EditorKey);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, login.StatusCode);
        return await TokenAsync(client); // a new token: the old one belonged to the anonymous visitor
    }

    public static async Task<JsonElement> PasteAsync(HttpClient client, string token, string title, string text)
    {
        var response = await PostJsonAsync(client, "/desk/stories", new { title, text, kind = "story" }, token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stories")[0];
    }

    public const string PipelineTitle = "Regulator fines Atyrau pipeline operator over leak";

    public const string PipelineText =
        "ASTANA - Kazakhstan's energy regulator fined the operator of an oil pipeline near Atyrau on Monday after a leak " +
        "spilled crude into a drainage channel, the energy ministry said. The company has thirty days to appeal in court.";
}
