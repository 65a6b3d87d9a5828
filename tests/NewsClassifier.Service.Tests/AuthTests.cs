using System.Net;
using System.Text.Json;

namespace NewsClassifier.Service.Tests;

/// <summary>API keys (issue #12): bearer keys stored as hashes, 401 without a hint, roles, --no-auth on loopback only.</summary>
[Collection(SharedServiceCollection.Name)]
public class AuthTests(SharedServiceFixture fixture)
{
    [Fact]
    public async Task Should_Answer401_When_NoKeyIsSent()
    {
        var response = await fixture.Factory.Client(key: null).PostAsync("/v1/tag", Bodies.Story("a", "t", "Kazakhstan signed a treaty."));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_Answer401WithTheSameBody_When_TheKeyIsUnknownOrMalformed()
    {
        // Given no key, an unknown key, a key differing from a real one by its last character, and a non-bearer header
        var answers = new List<string>();
        foreach (var header in new[] { null, "Bearer nck_nobody", "Bearer " + TestKeys.Tagger[..^1] + "X", "Basic dXNlcjpwYXNz" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/model");
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", header);
            }

            // When each is sent
            var response = await fixture.Factory.Client(key: null).SendAsync(request);

            // Then each gets the same 401 (apart from its trace id): nothing says which keys exist
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            answers.Add($"{problem.GetProperty("title")}|{problem.GetProperty("detail")}");
        }
        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task Should_Answer403_When_ATaggerKeyAsksForAReload()
    {
        var response = await fixture.Factory.Client(TestKeys.Tagger).PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_TagWithEveryRole_When_TheKeyIsKnown()
    {
        foreach (var key in new[] { TestKeys.Tagger, TestKeys.Editor, TestKeys.Admin })
        {
            var response = await fixture.Factory.Client(key).PostAsync("/v1/tag", Bodies.Story("r", Bodies.PipelineTitle, Bodies.PipelineText));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void Should_RefuseNoAuth_When_AnAddressIsNotLoopback()
    {
        var settings = TestKeys.Settings() with { NoAuth = true, Urls = "http://127.0.0.1:5080;http://0.0.0.0:5081" };

        var error = Assert.Throws<ArgumentException>(() => settings.Validate());

        Assert.Contains("0.0.0.0", error.Message);
        Assert.Contains("loopback", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://127.8.0.1:80", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://news.example.org:5080", false)]
    public void Should_KnowLoopbackAddresses_When_NoAuthIsChecked(string url, bool loopback) =>
        Assert.Equal(loopback, ServiceSettings.IsLoopback(url));

    [Fact]
    public async Task Should_TagWithoutAKey_When_NoAuthServesOnLoopback()
    {
        using var factory = new ServiceFactory(TestKeys.Settings() with { NoAuth = true, Keys = [] });

        var response = await factory.Client(key: null).PostAsync("/v1/tag", Bodies.Story("n", Bodies.PipelineTitle, Bodies.PipelineText));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Should_RefuseToStart_When_NoKeyExistsAndAuthIsOn()
    {
        var settings = TestKeys.Settings() with { Keys = [] };

        var error = Assert.Throws<ServiceStartException>(() => NewsService.Build(settings));

        Assert.Contains("newsclf keys add", error.Message);
    }

    [Fact]
    public void Should_StoreOnlyTheHash_When_AKeyIsAdded()
    {
        // Given an empty keys folder
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "keys.json");

        // When two keys are added, the second twice
        var first = ApiKeyFile.Add(path, "cms", ServiceRoles.Tagger);
        ApiKeyFile.Add(path, "desk", ServiceRoles.Editor);
        var second = ApiKeyFile.Add(path, "desk", ServiceRoles.Editor);

        // Then the file names both keys once, holds their hashes and never the keys
        var text = File.ReadAllText(path);
        Assert.DoesNotContain(first, text);
        Assert.DoesNotContain(second, text);
        var keys = ApiKeyFile.Read(path);
        Assert.Equal(["cms", "desk"], keys.Select(k => k.Name));
        Assert.Equal(ApiKeyFile.Hash(second), keys[1].Sha256);
        Assert.Equal(ServiceRoles.Editor, keys[1].Role);
        Assert.StartsWith(ApiKeyFile.KeyPrefix, first);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Should_SayHowToFixIt_When_TheKeysFileIsDamaged()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "keys.json");
        File.WriteAllText(path, """{"keys":[{"name":"cms","role":"tagger","sha256":"abc"}]}""");

        var error = Assert.Throws<InvalidDataException>(() => ApiKeyFile.Read(path));

        Assert.Contains("newsclf keys add", error.Message);
    }
}
