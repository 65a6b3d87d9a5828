using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Desk.Tests.Service;
using static NewsClassifier.Desk.Tests.Service.PageCalls;

namespace NewsClassifier.Desk.Tests.Service;

/// <summary>Issue 13: the desk's API in the service, in process.</summary>
public sealed class DeskApiTests : IDisposable
{
    private readonly DeskServiceFactory _factory = new();

    [Fact]
    public async Task Should_RecordWhoWhenModelAndScores_When_AnEditorSavesADecision()
    {
        // Given an editor signed in on the page, with a pasted story
        var client = _factory.Browser();
        var token = await SignedInAsync(client);
        var story = await PasteAsync(client, token, PipelineTitle, PipelineText);
        var id = story.GetProperty("id").GetString()!;
        var suggestion = story.GetProperty("suggestion");

        // When they keep energy, add safety, reject law, and mark the first name wrong
        var response = await PostJsonAsync(client, $"/desk/stories/{Uri.EscapeDataString(id)}/decision", new
        {
            suggestionId = suggestion.GetProperty("id").GetInt64(),
            modelVersion = suggestion.GetProperty("modelVersion").GetString(),
            scoresSeen = suggestion.GetProperty("topicScores"),
            acceptedTopics = new[] { "energy" },
            rejectedTopics = new[] { "law" },
            addedTopics = new[] { "safety" },
            acceptedCountries = new[] { "KZ" },
            primaryCountry = "KZ",
            wrongEntities = new[] { new { start = 0, end = 6, text = "ASTANA", type = "LOCATION", country = "KZ" } },
        }, token);

        // Then the store holds the decision with the editor's name (from the key), the model version and the scores seen
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = Assert.Single(await _factory.Store.DecisionsAsync(id));
        Assert.Equal("aigerim", decision.Editor);
        Assert.Equal(suggestion.GetProperty("modelVersion").GetString(), decision.ModelVersion);
        Assert.StartsWith("corpus-", decision.ModelVersion);
        Assert.Equal(suggestion.GetProperty("topicScores").GetProperty("energy").GetSingle(), decision.ScoresSeen["energy"]);
        Assert.Equal(["energy", "safety"], decision.FinalTopics);
        Assert.Equal("ASTANA", Assert.Single(decision.WrongEntities).Text);
        Assert.InRange(decision.DecidedUtc, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.False((await _factory.Store.GetStoryAsync(id))!.NeedsReview);
    }

    [Fact]
    public async Task Should_RefuseEveryPost_When_TheCsrfTokenIsMissingOrForeign()
    {
        // Given a signed-in editor with a story, and another visitor's token
        var client = _factory.Browser();
        var token = await SignedInAsync(client);
        var id = (await PasteAsync(client, token, PipelineTitle, PipelineText)).GetProperty("id").GetString()!;
        var foreign = await TokenAsync(_factory.Browser());

        // When posts come without the token, or with the other visitor's
        var none = await PostJsonAsync(client, $"/desk/stories/{id}/decision", new { acceptedTopics = new[] { "energy" } }, null);
        var wrong = await PostJsonAsync(client, $"/desk/stories/{id}/decision", new { acceptedTopics = new[] { "energy" } }, foreign);
        var paste = await PostJsonAsync(client, "/desk/stories", new { text = "A second story." }, null);
        var login = new HttpRequestMessage(HttpMethod.Post, "/desk/login") { Content = new FormUrlEncodedContent([new("key", DeskServiceFactory.EditorKey)]) };
        var loginWithoutToken = await _factory.Browser().SendAsync(login);

        // Then each is refused with 400 and nothing is saved
        Assert.All(new[] { none, wrong, paste, loginWithoutToken }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(0, await _factory.Store.DecisionCountAsync());
    }

    [Fact]
    public async Task Should_RefuseSignIn_When_TheKeyIsUnknownOrOnlyTags()
    {
        // Given / When a visitor signs in with an unknown key, then with a tagger's key
        var unknown = await LoginAsync(_factory.Browser(), "nck_not-a-key");
        var tagger = await LoginAsync(_factory.Browser(), DeskServiceFactory.TaggerKey);

        // Then 401 and 403, and the desk's API stays closed to a visitor and to a tagger's key
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tagger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.Browser().GetAsync("/desk/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.WithKey(DeskServiceFactory.TaggerKey).GetAsync("/desk/queue")).StatusCode);
    }

    [Fact]
    public async Task Should_QueueTheStory_When_TheApiIsAskedForReview()
    {
        // Given a content system tagging two stories, one with "review": true
        var cms = _factory.WithKey(DeskServiceFactory.TaggerKey);
        var reviewed = await cms.PostAsJsonAsync("/v1/tag", new { id = "cms-1", title = PipelineTitle, text = PipelineText, review = true });
        var notReviewed = await cms.PostAsJsonAsync("/v1/tag", new { id = "cms-2", title = PipelineTitle, text = PipelineText });

        // When an editor opens the queue
        var queue = await _factory.WithKey(DeskServiceFactory.EditorKey).GetFromJsonAsync<JsonElement>("/desk/queue");

        // Then only the story sent for review waits there, with its suggestion and entities
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notReviewed.StatusCode);
        var only = Assert.Single(queue.GetProperty("stories").EnumerateArray());
        Assert.Equal("cms-1", only.GetProperty("id").GetString());
        Assert.Equal("api", only.GetProperty("source").GetString());
        Assert.True(only.GetProperty("suggestion").GetProperty("result").GetProperty("entities").GetArrayLength() > 0);
        Assert.True(only.GetProperty("suggestion").GetProperty("result").TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task Should_FilterTheQueue_When_ATopicOrCountryIsGiven()
    {
        // Given two queued stories, one about a pipeline in Kazakhstan and one about talks in Tajikistan
        var client = _factory.Browser();
        var token = await SignedInAsync(client);
        await PasteAsync(client, token, PipelineTitle, PipelineText);
        await PasteAsync(client, token, "Tajik and Afghan ministers hold border talks",
            "DUSHANBE - The foreign ministers of Tajikistan and Afghanistan met in Dushanbe on Tuesday to discuss border crossings and trade, the Tajik foreign ministry said.");

        // When the queue is filtered
        var byCountry = await client.GetFromJsonAsync<JsonElement>("/desk/queue?country=TJ");
        var byTopic = await client.GetFromJsonAsync<JsonElement>("/desk/queue?topic=energy");
        var bad = await client.GetAsync("/desk/queue?day=yesterday");

        // Then each filter keeps its story, and a malformed day is a 400
        Assert.Equal(["Tajik and Afghan ministers hold border talks"], byCountry.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        Assert.Equal([PipelineTitle], byTopic.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Should_RefuseTheDecision_When_ItNamesUnknownTopicsOrMalformedCountries()
    {
        // Given a pasted story
        var client = _factory.Browser();
        var token = await SignedInAsync(client);
        var id = (await PasteAsync(client, token, PipelineTitle, PipelineText)).GetProperty("id").GetString()!;

        // When decisions name a topic the model does not have, or a country that is not a code
        var topic = await PostJsonAsync(client, $"/desk/stories/{id}/decision", new { addedTopics = new[] { "<script>" } }, token);
        var country = await PostJsonAsync(client, $"/desk/stories/{id}/decision", new { addedCountries = new[] { "Kazakhstan" } }, token);
        var ghost = await PostJsonAsync(client, "/desk/stories/no-such-story/decision", new { addedTopics = new[] { "law" } }, token);

        // Then 400, 400, 404, and nothing saved
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (topic.StatusCode, country.StatusCode, ghost.StatusCode));
        Assert.Equal(0, await _factory.Store.DecisionCountAsync());
    }

    [Fact]
    public async Task Should_CountTopicsNoneCountriesAndScores_When_StoriesAreTagged()
    {
        // Given two stories tagged through the API: one about a pipeline fine, one about nothing the model knows
        var cms = _factory.WithKey(DeskServiceFactory.TaggerKey);
        await cms.PostAsJsonAsync("/v1/tag", new { id = "d1", title = PipelineTitle, text = PipelineText });
        await cms.PostAsJsonAsync("/v1/tag", new { id = "d2", title = "Choir wins a song contest", text = "The school choir sang three songs and won the regional contest on Sunday." });

        // When the drift statistics are read
        var stats = await cms.GetFromJsonAsync<JsonElement>("/v1/stats?days=1");

        // Then today counts both stories, the pipeline's topics, one "none", Kazakhstan, and 8 topic scores in bins
        var today = Assert.Single(stats.GetProperty("days").EnumerateArray());
        Assert.Equal(2, today.GetProperty("stories").GetInt64());
        Assert.Equal(1, today.GetProperty("none").GetInt64());
        Assert.Equal(1, today.GetProperty("topics").GetProperty("energy").GetInt64());
        Assert.Equal(1, today.GetProperty("countries").GetProperty("KZ").GetInt64());
        Assert.Equal(8, today.GetProperty("scores").EnumerateObject().Sum(p => p.Value.EnumerateArray().Sum(b => b.GetInt64())));
        var shipped = ModelCard.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "models", ModelCard.FileName)));
        Assert.Equal(shipped.TrainingData!.Rows["train"], stats.GetProperty("training").GetProperty("stories").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.Browser().GetAsync("/v1/stats")).StatusCode);
    }

    [Fact]
    public async Task Should_ServeThePageWithAStrictContentSecurityPolicy_When_RootIsRequested()
    {
        // Given / When the page and its script are fetched without signing in
        var client = _factory.Browser();
        var page = await client.GetAsync("/");
        var script = await client.GetAsync("/desk/app.js");

        // Then both are served, with no inline script allowed, and the script writes story text only as text
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("keydown", await script.Content.ReadAsStringAsync());
        Assert.DoesNotContain(".innerHTML", await script.Content.ReadAsStringAsync());
        Assert.DoesNotContain("insertAdjacentHTML", await script.Content.ReadAsStringAsync());
    }

    public void Dispose() => _factory.Dispose();
}
