using System.Net;
using System.Text;
using System.Text.Json;

namespace NewsClassifier.Service.Tests;

/// <summary>Hostile input (issue #12): each answered with the right status, the service still serving after it.</summary>
[Collection(SharedServiceCollection.Name)]
public class HostileInputTests(SharedServiceFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.Client();

    [Fact]
    public async Task Should_Answer400WithoutQuotingTheBody_When_TheJsonIsMalformed()
    {
        var response = await _client.PostAsync("/v1/tag", Bodies.Json("""{"id": "m", "text": "Secret Zebrafield draft" """));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Zebrafield", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"id": 5, "text": "Astana"}""")]
    [InlineData("""{"id": "t", "text": ["Astana"]}""")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Should_Answer400_When_TheBodyIsNotAStoryObject(string body) =>
        await AssertProblem(await _client.PostAsync("/v1/tag", Bodies.Json(body)), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/v1/tag", "text/plain")]
    [InlineData("/v1/tag", "application/x-www-form-urlencoded")]
    [InlineData("/v1/tag/batch", "application/json")]
    [InlineData("/v1/pages", "application/json")]
    public async Task Should_Answer415_When_TheContentTypeIsWrong(string route, string mediaType)
    {
        var response = await _client.PostAsync(route, new StringContent("""{"id":"c","text":"Tashkent"}""", Encoding.UTF8, mediaType));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Should_Answer413_When_AStoryIsOneTenMegabyteWord()
    {
        // Given a 10 MB story with no space in it, sent with its length and sent chunked
        var word = new string('a', 10 * 1024 * 1024);
        var json = $$"""{"id":"huge","text":"{{word}}"}""";

        // When both are posted
        var withLength = await _client.PostAsync("/v1/tag", Bodies.Json(json));
        var chunked = await _client.PostAsync("/v1/tag", new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
        {
            Headers = { ContentType = new("application/json") },
        });

        // Then both are refused as too large, and the service still tags
        await AssertProblem(withLength, HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(chunked, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/tag", Bodies.Story("after", Bodies.PipelineTitle, Bodies.PipelineText))).StatusCode);
    }

    [Fact]
    public async Task Should_Answer422_When_ASingleWordIsLongerThanTheTaggersLimit()
    {
        // 1.5 million characters: under the 2 MB body limit, over the tagger's 1,000,000-character limit
        var response = await _client.PostAsync("/v1/tag", Bodies.Json($$"""{"id":"word","text":"{{new string('b', 1_500_000)}}"}"""));

        await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Should_TagALongSingleWord_When_ItIsWithinTheLimits()
    {
        var response = await _client.PostAsync("/v1/tag", Bodies.Json($$"""{"id":"word","title":"Almaty","text":"{{new string('c', 500_000)}}"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_RefuseBinaryText_When_TheStoryIsMadeOfNulBytes()
    {
        // Escaped NULs are valid JSON: the tagger refuses the text as binary
        var escaped = string.Concat(Enumerable.Repeat("\\u0000", 2_000));
        var response = await _client.PostAsync("/v1/tag", Bodies.Json($$"""{"id":"nul","text":"{{escaped}}"}"""));

        await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("binary", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_Answer400_When_RawNulBytesAreInTheJson()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"raw\",\"text\":\"Bishkek\0\0\0\"}");
        var response = await _client.PostAsync("/v1/tag", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_TagTheStory_When_AFewNulBytesHideInARealStory()
    {
        var text = Bodies.PipelineText.Replace(" gas ", " gas\u0000 ");
        var response = await _client.PostAsync("/v1/tag", Bodies.Story("few-nul", Bodies.PipelineTitle, text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_Answer400_When_APageIsNotUtf8()
    {
        var response = await _client.PostAsync("/v1/pages", new ByteArrayContent([0x41, 0xC3, 0x28, 0xFF, 0x0A]) { Headers = { ContentType = new("text/plain") } });

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_Answer400_When_TheJsonIsNestedDeeply()
    {
        var deep = new string('[', 5_000) + new string(']', 5_000);
        var response = await _client.PostAsync("/v1/tag", Bodies.Json(deep));

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
