using System.Net;
using System.Text;
using System.Text.Json;

namespace NewsClassifier.Service.Tests;

/// <summary>POST /v1/tag, /v1/tag/batch and /v1/pages (issue #12): the CLI's result contract over HTTP.</summary>
[Collection(SharedServiceCollection.Name)]
public class TaggingTests(SharedServiceFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.Client();

    [Fact]
    public async Task Should_ReturnTheCliContract_When_OneStoryIsPosted()
    {
        // Given a story about a gas pipeline
        var body = Bodies.Story("s-1", Bodies.PipelineTitle, Bodies.PipelineText);

        // When it is posted
        var response = await _client.PostAsync("/v1/tag", body);

        // Then the answer is the CLI's JSONL object, and says which model answered
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("corpus-", Assert.Single(response.Headers.GetValues("X-Model-Version")));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        foreach (var field in new[] { "id", "title", "topics", "topicScores", "countries", "primaryCountry", "entities" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal("s-1", json.GetProperty("id").GetString());
        Assert.Equal(["energy", "safety", "law", "diplomacy"], json.GetProperty("topicScores").EnumerateObject().Select(p => p.Name));
        Assert.Contains(json.GetProperty("topics").EnumerateArray(), t => t.GetProperty("label").GetString() == "energy");
        Assert.Equal("TM", json.GetProperty("primaryCountry").GetString());
        Assert.False(json.TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task Should_WriteWhatTheLibraryWrites_When_TheSameStoryIsTagged()
    {
        // Given the library's own answer for a story
        var tagger = NewsTagger.Load(TestKeys.Models);
        var expected = new MemoryStream();
        using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            TagResultJson.Write(writer, tagger.Tag(new NewsArticle("same", Bodies.PipelineText, Bodies.PipelineTitle)), tagger.Labels);
        }

        // When the service tags it
        var response = await _client.PostAsync("/v1/tag", Bodies.Story("same", Bodies.PipelineTitle, Bodies.PipelineText));

        // Then the bytes are the same: one path, one JSON mapping
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_AddAnExplanation_When_ExplainIsTrue()
    {
        var response = await _client.PostAsync("/v1/tag?explain=true", Bodies.Story("e", Bodies.PipelineTitle, Bodies.PipelineText));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var explanation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("explanation");
        Assert.True(explanation.GetProperty("topics").TryGetProperty("energy", out var terms));
        Assert.NotEqual(0, terms.GetArrayLength());
        Assert.Contains(explanation.GetProperty("countries").EnumerateArray(), c => c.GetProperty("code").GetString() == "TM");
    }

    [Fact]
    public async Task Should_Answer422WithTheReason_When_TheStoryIsEmpty()
    {
        var response = await _client.PostAsync("/v1/tag", Bodies.Json("""{"id":"blank","title":"","text":"   "}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Contains("empty", problem.GetProperty("detail").GetString());
        Assert.Equal("blank", problem.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Should_StreamOneRecordPerInputLineInOrder_When_ABatchMixesGoodAndBadLines()
    {
        // Given 200 stories with a malformed line, a line of the wrong shape, an empty story and blank lines among them
        var lines = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            lines.Add(Bodies.NdjsonLine($"b-{i}", Bodies.PipelineTitle, Bodies.PipelineText));
        }
        lines.Insert(10, "{\"id\": \"broken\", \"text\": ");
        lines.Insert(20, "[1, 2, 3]");
        lines.Insert(30, """{"id":"empty","text":""}""");
        lines.Insert(40, """{"title":"No id here","text":"Uzbekistan opened a solar plant in Navoi region."}""");
        var body = string.Join("\n", lines.Take(50)) + "\n\n   \n" + string.Join("\r\n", lines.Skip(50));

        // When the batch is posted
        var response = await _client.PostAsync("/v1/tag/batch", Bodies.Ndjson(body));

        // Then every non-blank line has exactly one record, in input order, errors in place
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var records = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(lines.Count, records.Count);
        Assert.Equal("line 11", records[10].GetProperty("id").GetString());
        Assert.Contains("not a valid story object", records[10].GetProperty("error").GetString());
        Assert.True(records[20].TryGetProperty("error", out _));
        Assert.Equal("empty", records[30].GetProperty("id").GetString());
        Assert.True(records[30].TryGetProperty("error", out _));
        Assert.Equal("line 41", records[40].GetProperty("id").GetString());
        Assert.Equal("UZ", records[40].GetProperty("primaryCountry").GetString());
        var goodIds = records.Select(r => r.GetProperty("id").GetString()).Where(id => id!.StartsWith("b-")).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"b-{i}"), goodIds);
    }

    [Fact]
    public async Task Should_TagEveryStoryOfThePage_When_APageIsPosted()
    {
        // Given an author page with a ticker, a byline block and several cut-off stories
        var page = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "pages", "author-page.txt"));

        // When it is posted as text
        var response = await _client.PostAsync("/v1/pages?id=author", new StringContent(page, Encoding.UTF8, "text/plain"));

        // Then each story comes back tagged, named PAGE#N, with the text its spans point into
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("author", json.GetProperty("id").GetString());
        var stories = json.GetProperty("stories").EnumerateArray().ToList();
        Assert.True(stories.Count >= 3, $"only {stories.Count} stories");
        Assert.Equal("author#1", stories[0].GetProperty("id").GetString());
        Assert.Equal("Almaty Heating Plant Switches Second Unit to Gas", stories[0].GetProperty("title").GetString());
        Assert.True(stories[0].GetProperty("truncated").GetBoolean());
        var text = stories[0].GetProperty("text").GetString()!;
        var title = stories[0].GetProperty("title").GetString()!;
        foreach (var entity in stories[0].GetProperty("entities").EnumerateArray())
        {
            // Headline entities index the title, the others the text (issue #14).
            var field = entity.GetProperty("field").GetString() == "title" ? title : text;
            Assert.Equal(entity.GetProperty("text").GetString(), field[entity.GetProperty("start").GetInt32()..entity.GetProperty("end").GetInt32()]);
        }
    }
}
