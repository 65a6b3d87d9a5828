using System.Net;
using System.Text.Json;

namespace NewsClassifier.Service.Tests;

/// <summary>/healthz, /readyz, /v1/model, /metrics, the OpenAPI document and problem details (issue #12).</summary>
[Collection(SharedServiceCollection.Name)]
public class OperationsTests(SharedServiceFixture fixture)
{
    [Fact]
    public async Task Should_AnswerWithoutAKey_When_TheProbesAreCalled()
    {
        var anonymous = fixture.Factory.Client(key: null);

        var health = await anonymous.GetAsync("/healthz");
        var ready = await anonymous.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("ready corpus-", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_ReturnTheCardOfTheServingModel_When_TheModelIsAsked()
    {
        var response = await fixture.Factory.Client().GetAsync("/v1/model");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var version = json.GetProperty("version").GetString();
        Assert.Equal(version, Assert.Single(response.Headers.GetValues("X-Model-Version")));
        var card = json.GetProperty("card");
        Assert.Equal(["energy", "safety", "law", "diplomacy"], card.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.True(card.GetProperty("thresholds").TryGetProperty("energy", out _));
        Assert.True(card.GetProperty("metrics").TryGetProperty("test", out _));
        Assert.Equal(64, card.GetProperty("files").GetProperty("topics.zip").GetString()!.Length);
    }

    [Fact]
    public async Task Should_ExposeRequestsLatencyStoriesTopicsAndModelVersion_When_MetricsAreScraped()
    {
        // Given a tagged story
        var client = fixture.Factory.Client();
        await client.PostAsync("/v1/tag", Bodies.Story("m-1", Bodies.PipelineTitle, Bodies.PipelineText));

        // When the metrics are scraped
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        // Then they are Prometheus text with the service's series
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("http_requests_received_total{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v1/tag\"}", text);
        Assert.Contains("http_request_duration_seconds_bucket", text);
        Assert.Contains("newsclf_requests_total{key=\"cms\",route=\"/v1/tag\",status=\"200\"}", text);
        Assert.Matches("newsclf_stories_tagged_total\\{route=\"tag\"\\} [1-9]", text);
        Assert.Matches("newsclf_topics_assigned_total\\{label=\"energy\"\\} [1-9]", text);
        Assert.Matches("newsclf_model_info\\{version=\"corpus-[0-9a-f]{12}\"\\} 1", text);
    }

    [Fact]
    public async Task Should_Answer401_When_MetricsAreScrapedWithoutAKey()
    {
        var response = await fixture.Factory.Client(key: null).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Should_DescribeEveryRoute_When_TheOpenApiDocumentIsAsked()
    {
        var response = await fixture.Factory.Client(key: null).GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        foreach (var route in new[] { "/v1/tag", "/v1/tag/batch", "/v1/pages", "/v1/model", "/v1/admin/reload", "/healthz", "/readyz" })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"missing {route}");
        }
    }

    [Fact]
    public async Task Should_AnswerProblemDetails_When_TheRouteDoesNotExist()
    {
        var response = await fixture.Factory.Client().GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Should_AnswerProblemDetails_When_TheMethodIsWrong()
    {
        var response = await fixture.Factory.Client().GetAsync("/v1/tag");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
