using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http.Timeouts;

namespace NewsClassifier.Service.Tests;

/// <summary>Rate limits, body limits, batch limits, timeouts, CORS and clean logs (issue #12).</summary>
public class LimitsTests
{
    [Fact]
    public async Task Should_Answer429WithRetryAfter_When_AKeyGoesOverItsRate()
    {
        // Given a service allowing each key one request every 20 seconds, two at once (slow enough for a loaded machine)
        using var factory = new ServiceFactory(TestKeys.Settings() with { RequestsPerSecondPerKey = 0.05, BurstPerKey = 2 });
        var client = factory.Client(TestKeys.Tagger);

        // When a key sends three requests at once
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync("/v1/model");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        // Then the third is refused with a problem and a Retry-After, while another key is still served
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(refused!.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 20);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client(TestKeys.Other).GetAsync("/v1/model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client(null).GetAsync("/healthz")).StatusCode);
        var metrics = await factory.Client(TestKeys.Other).GetStringAsync("/metrics");
        Assert.Contains("newsclf_requests_total{key=\"cms\",route=\"/v1/model\",status=\"429\"} 1", metrics);
    }

    [Fact]
    public async Task Should_GiveBatchLinesErrorRecords_When_ALineIsTooLongOrTheBatchHasTooManyStories()
    {
        // Given a service taking stories of at most 2,000 bytes and batches of at most 4 stories
        using var factory = new ServiceFactory(TestKeys.Settings() with { MaxStoryBytes = 2_000, MaxBatchBytes = 1_000_000, MaxBatchStories = 4 });
        var good = Bodies.NdjsonLine("ok", Bodies.PipelineTitle, Bodies.PipelineText);
        var tooLong = Bodies.NdjsonLine("long", "A long one", new string('x', 50_000));
        var body = string.Join("\n", good, tooLong, good, good, good, good) + "\n";

        // When the batch is posted
        var response = await factory.Client().PostAsync("/v1/tag/batch", Bodies.Ndjson(body));

        // Then six lines give six records: the long line and the two past the limit are error records
        var records = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, records.Count);
        Assert.False(records[0].TryGetProperty("error", out _));
        Assert.Contains("longer than the limit", records[1].GetProperty("error").GetString());
        Assert.False(records[2].TryGetProperty("error", out _));
        Assert.False(records[3].TryGetProperty("error", out _));
        Assert.Contains("more than 4 stories", records[4].GetProperty("error").GetString());
        Assert.Contains("more than 4 stories", records[5].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Should_Answer413_When_TheBatchIsLargerThanTheLimit()
    {
        using var factory = new ServiceFactory(TestKeys.Settings() with { MaxStoryBytes = 2_000, MaxBatchBytes = 10_000 });
        var body = string.Join("\n", Enumerable.Repeat(Bodies.NdjsonLine("x", Bodies.PipelineTitle, Bodies.PipelineText), 40));

        var response = await factory.Client().PostAsync("/v1/tag/batch", Bodies.Ndjson(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxBatchBytes", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Should_Answer504_When_ARequestOutlivesItsTimeout()
    {
        // Given a module endpoint that waits until it is cancelled, under the single-story timeout of 0.3 s
        using var factory = new ServiceFactory(TestKeys.Settings() with { RequestTimeoutSeconds = 0.3 },
            new ServiceHooks { Modules = [new SlowModule()] });

        // When it is called
        var response = await factory.Client().GetAsync("/test/slow");

        // Then the timeout answers 504 as a problem
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_SendNoCorsHeaders_When_NoOriginIsConfigured()
    {
        using var factory = new ServiceFactory();

        var response = await factory.Client().SendAsync(Preflight("https://cms.example.org"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Should_AllowOnlyTheConfiguredOrigin_When_CorsIsConfigured()
    {
        using var factory = new ServiceFactory(TestKeys.Settings() with { CorsOrigins = ["https://cms.example.org"] });

        var allowed = await factory.Client().SendAsync(Preflight("https://cms.example.org"));
        var other = await factory.Client().SendAsync(Preflight("https://elsewhere.example.org"));

        Assert.Equal("https://cms.example.org", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void Should_RefuseAWildcardOrigin_When_CorsIsConfigured()
    {
        var error = Assert.Throws<ArgumentException>(() => (TestKeys.Settings() with { CorsOrigins = ["*"] }).Validate());

        Assert.Contains("'*'", error.Message);
    }

    [Fact]
    public async Task Should_LogNeitherStoryTextNorStackTraces_When_RequestsFail()
    {
        // Given a service with an endpoint that throws, and a marker word in every story sent
        const string marker = "Quokkaville";
        using var factory = new ServiceFactory(hooks: new ServiceHooks { Modules = [new ThrowingModule(marker)] });
        var client = factory.Client();

        // When stories are tagged, refused, malformed, and an endpoint fails
        await client.PostAsync("/v1/tag", Bodies.Story("log-1", marker, $"{marker} officials met in Bishkek."));
        await client.PostAsync("/v1/tag", Bodies.Json($$"""{"id":"log-2","text":"{{marker}} broken"""));
        await client.PostAsync("/v1/tag/batch", Bodies.Ndjson($"{{\"text\":\"{marker}\"\n{{\"id\":\"x\",\"text\":\"{marker} in Osh\"}}\n"));
        var failed = await client.GetAsync("/test/throw");

        // Then the failure is a 500 problem without a stack trace, and no log line quotes a story or shows a stack
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var body = await failed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain(marker, body);
        Assert.NotEmpty(factory.Logs);
        Assert.Contains(factory.Logs, l => l.Contains("(InvalidOperationException)"));
        Assert.DoesNotContain(factory.Logs, l => l.Contains(marker));
        Assert.DoesNotContain(factory.Logs, l => l.Contains("   at ") || l.Contains('\n'));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/tag");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private sealed class SlowModule : INewsServiceModule
    {
        public void ConfigureServices(WebApplicationBuilder builder, ServiceSettings settings)
        {
        }

        public void MapEndpoints(IEndpointRouteBuilder endpoints, ServiceSettings settings) =>
            endpoints.MapGet("/test/slow", async (CancellationToken cancellationToken) =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                    return Results.Ok();
                })
                .RequireAuthorization(ServicePolicies.Tagging)
                .WithRequestTimeout(NewsService.StoryTimeout);
    }

    private sealed class ThrowingModule(string marker) : INewsServiceModule
    {
        public void ConfigureServices(WebApplicationBuilder builder, ServiceSettings settings)
        {
        }

        public void MapEndpoints(IEndpointRouteBuilder endpoints, ServiceSettings settings) =>
            endpoints.MapGet("/test/throw", IResult () => throw new InvalidOperationException($"failed while reading {marker}"))
                .RequireAuthorization(ServicePolicies.Tagging);
    }
}
