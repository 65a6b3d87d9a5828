using System.Net;
using System.Text.Json;

namespace NewsClassifier.Service.Tests;

/// <summary>Model hot swap (issue #12): verify before swapping, refuse a bad folder, finish in-flight requests on the old model.</summary>
public class HotSwapTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Should_SwapToTheFolderThePointerNames_When_AnAdminPostsReload()
    {
        // Given a service following a pointer file that names v1
        var (v1, v2) = (CopyModel("v1"), CopyModel("v2", cardName: "corpus-v2"));
        var pointer = WritePointer("v1");
        using var factory = new ServiceFactory(TestKeys.Settings() with { Model = pointer, ModelPollSeconds = 0 });
        var client = factory.Client(TestKeys.Admin);
        Assert.Equal(v1, await VersionOf(client));

        // When the pointer names v2 and an admin asks for a reload
        WritePointer("v2");
        var response = await client.PostAsync("/v1/admin/reload", null);

        // Then v2 answers, in the header, the card and the metrics
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(outcome.GetProperty("swapped").GetBoolean());
        Assert.Equal(v2, outcome.GetProperty("version").GetString());
        var tagged = await client.PostAsync("/v1/tag", Bodies.Story("after", Bodies.PipelineTitle, Bodies.PipelineText));
        Assert.Equal(v2, Assert.Single(tagged.Headers.GetValues("X-Model-Version")));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains($"newsclf_model_info{{version=\"{v2}\"}} 1", metrics);
        Assert.DoesNotContain($"version=\"{v1}\"", metrics);
    }

    [Fact]
    public async Task Should_RefuseTheFolderAndKeepServing_When_TheNewModelIsCorrupt()
    {
        // Given a service on v1, and a v2 whose topic model has one byte changed
        var v1 = CopyModel("v1");
        CopyModel("v2", cardName: "corpus-v2");
        var topics = Path.Combine(_folder.Path, "v2", "topics.zip");
        var bytes = File.ReadAllBytes(topics);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(topics, bytes);
        var pointer = WritePointer("v1");
        using var factory = new ServiceFactory(TestKeys.Settings() with { Model = pointer, ModelPollSeconds = 0 });
        var client = factory.Client(TestKeys.Admin);

        // When the pointer names the corrupt v2 and a reload is asked for
        WritePointer("v2");
        var response = await client.PostAsync("/v1/admin/reload", null);

        // Then the reload is refused with the reason, and v1 keeps tagging
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("does not match its model card", problem.GetProperty("detail").GetString());
        Assert.Equal(v1, problem.GetProperty("version").GetString());
        var tagged = await client.PostAsync("/v1/tag", Bodies.Story("still", Bodies.PipelineTitle, Bodies.PipelineText));
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal(v1, Assert.Single(tagged.Headers.GetValues("X-Model-Version")));
    }

    [Fact]
    public async Task Should_RefuseAndKeepServing_When_ThePointerNamesAFolderThatDoesNotExist()
    {
        var v1 = CopyModel("v1");
        var pointer = WritePointer("v1");
        using var factory = new ServiceFactory(TestKeys.Settings() with { Model = pointer, ModelPollSeconds = 0 });
        var client = factory.Client(TestKeys.Admin);

        WritePointer("v9");
        var response = await client.PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(v1, await VersionOf(client));
    }

    [Fact]
    public async Task Should_FinishAnInFlightBatchOnTheOldModel_When_TheModelIsSwapped()
    {
        // Given a service on v1 and a batch whose body is half sent
        var (v1, v2) = (CopyModel("v1"), CopyModel("v2", cardName: "corpus-v2"));
        var pointer = WritePointer("v1");
        await using var service = await KestrelService.StartAsync(TestKeys.Settings() with { Model = pointer, ModelPollSeconds = 0 });
        var client = service.Client(TestKeys.Admin);
        var line = (string id) => Bodies.NdjsonLine(id, Bodies.PipelineTitle, Bodies.PipelineText) + "\n";
        using var batch = await RawHttp.ConnectAsync(service.Address);
        await batch.SendAsync($"POST /v1/tag/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestKeys.Tagger}\r\n" +
            "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        await batch.SendChunkAsync(line("first-0") + line("first-1") + line("first-2"));
        var head = await batch.ReadUntilAsync("\"id\":\"first-2\"", TimeSpan.FromSeconds(30));
        Assert.Contains($"X-Model-Version: {v1}", head);

        // When the model is swapped to v2, and then the rest of the batch arrives
        WritePointer("v2");
        var reload = await client.PostAsync("/v1/admin/reload", null);
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        await batch.SendChunkAsync(line("second-0") + line("second-1") + line("second-2"));
        await batch.SendChunkAsync("");
        var answer = await batch.ReadUntilAsync("\r\n0\r\n\r\n", TimeSpan.FromSeconds(30));

        // Then the batch finishes whole on v1 (its header was sent before the swap), and the next request gets v2
        foreach (var id in new[] { "first-0", "first-1", "first-2", "second-0", "second-1", "second-2" })
        {
            Assert.Contains($"{{\"id\":\"{id}\",\"title\"", answer);
        }
        Assert.DoesNotContain("\"error\"", answer);
        Assert.EndsWith("\r\n0\r\n\r\n", answer);
        Assert.Equal(v2, await VersionOf(client));
    }

    [Fact]
    public async Task Should_SwapWithoutARequest_When_ThePointerFileChanges()
    {
        // Given a service polling its pointer every 0.2 s
        var (v1, v2) = (CopyModel("v1"), CopyModel("v2", cardName: "corpus-v2"));
        var pointer = WritePointer("v1");
        using var factory = new ServiceFactory(TestKeys.Settings() with { Model = pointer, ModelPollSeconds = 0.2 });
        var client = factory.Client(TestKeys.Tagger);
        Assert.Equal(v1, await VersionOf(client));

        // When the pointer is rewritten
        WritePointer("v2");

        // Then v2 serves within a few seconds
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await VersionOf(client) != v2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(v2, await VersionOf(client));
    }

    [Fact]
    public async Task Should_FollowTheLink_When_ThePointerIsASymbolicLink()
    {
        var (v1, v2) = (CopyModel("v1"), CopyModel("v2", cardName: "corpus-v2"));
        var link = Path.Combine(_folder.Path, "current");
        Directory.CreateSymbolicLink(link, Path.Combine(_folder.Path, "v1"));
        using var factory = new ServiceFactory(TestKeys.Settings() with { Model = link, ModelPollSeconds = 0 });
        var client = factory.Client(TestKeys.Admin);
        Assert.Equal(v1, await VersionOf(client));

        Directory.Delete(link);
        Directory.CreateSymbolicLink(link, Path.Combine(_folder.Path, "v2"));
        var response = await client.PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(v2, await VersionOf(client));
    }

    private static async Task<string> VersionOf(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/v1/model")).RootElement.GetProperty("version").GetString()!;

    /// <summary>Copies the shipped model; a new card name makes a model with another version but the same, verified files.</summary>
    private string CopyModel(string name, string? cardName = null)
    {
        var target = Path.Combine(_folder.Path, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(TestKeys.Models))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        var cardPath = Path.Combine(target, ModelCard.FileName);
        var card = ModelCard.FromJson(File.ReadAllText(cardPath));
        if (cardName is not null)
        {
            card = card with { Name = cardName };
            File.WriteAllText(cardPath, card.ToJson());
        }
        return ModelHost.VersionOf(card);
    }

    private string WritePointer(string target)
    {
        var pointer = Path.Combine(_folder.Path, "current");
        var temporary = pointer + ".tmp";
        File.WriteAllText(temporary, target + "\n");
        File.Move(temporary, pointer, overwrite: true);
        return pointer;
    }
}
