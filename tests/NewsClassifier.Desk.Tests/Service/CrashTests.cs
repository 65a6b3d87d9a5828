using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NewsClassifier.Desk.Tests.Service;

/// <summary>Issue 13: a crash mid-save loses no acknowledged decision.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("newsclf-crash-").FullName;

    [Fact]
    public async Task Should_KeepEveryAcknowledgedDecision_When_TheServerIsKilledDuringABurstOfSaves()
    {
        // Given the real server on a SQLite store, with one story pasted on the page
        var store = Path.Combine(_folder, "desk.db");
        var acknowledged = new ConcurrentBag<long>();
        string storyId;
        using (var server = await ServerProcess.StartAsync(_folder, "--no-auth", "--store", store))
        {
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(server.BaseUrl) };
            var token = await PageCalls.TokenAsync(client);
            storyId = (await PageCalls.PasteAsync(client, token, PageCalls.PipelineTitle, PageCalls.PipelineText)).GetProperty("id").GetString()!;

            // When eight clients save decisions as fast as they can and the process is killed with SIGKILL mid-burst
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var response = await PageCalls.PostJsonAsync(client, $"/desk/stories/{storyId}/decision",
                            new { acceptedTopics = new[] { "energy" }, addedCountries = new[] { "KZ" } }, token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or JsonException)
                    {
                        return; // the server is gone; whatever was not acknowledged may be lost
                    }
                }
            })).ToList();
            while (acknowledged.Count < 150)
            {
                await Task.Delay(5);
            }
            server.KillHard();
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        // Then after a restart on the same store, every acknowledged decision is there
        using (await ServerProcess.StartAsync(_folder, "--no-auth", "--store", store))
        {
            await using var opened = await FeedbackStore.OpenAsync(store);
            var kept = (await opened.DecisionsAsync(storyId)).Select(d => d.Id).ToHashSet();
            Assert.True(acknowledged.Count >= 150);
            Assert.All(acknowledged, id => Assert.Contains(id, kept));
            Assert.All((await opened.DecisionsAsync(storyId)), d => Assert.Equal("local", d.Editor));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
