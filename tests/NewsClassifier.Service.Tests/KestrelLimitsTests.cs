using System.Diagnostics;

namespace NewsClassifier.Service.Tests;

/// <summary>Limits Kestrel enforces on real sockets (issue #12): oversized headers and slowloris bodies.</summary>
public class KestrelLimitsTests
{
    [Fact]
    public async Task Should_Answer431_When_TheHeadersAreHuge()
    {
        // Given the service on a loopback port, with the default 32 KB header limit
        await using var service = await KestrelService.StartAsync(TestKeys.Settings());
        using var http = await RawHttp.ConnectAsync(service.Address);

        // When a request carries 100 KB of headers
        var filler = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-Filler-{i}: {new string('f', 1000)}\r\n"));
        await http.SendAsync($"GET /healthz HTTP/1.1\r\nHost: localhost\r\n{filler}\r\n");
        var answer = await http.ReadUntilAsync("\r\n\r\n", TimeSpan.FromSeconds(10));

        // Then Kestrel refuses it, and the service still answers others
        Assert.StartsWith("HTTP/1.1 431", answer);
        using var client = service.Client(null);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Should_CutTheConnection_When_ABodyTricklesInSlowerThanTheMinimumRate()
    {
        // Given a service requiring 240 bytes/s after a 5 s grace (the default)
        await using var service = await KestrelService.StartAsync(TestKeys.Settings());
        using var http = await RawHttp.ConnectAsync(service.Address);

        // When a client announces 100 KB and sends one byte a second
        await http.SendAsync($"POST /v1/tag HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestKeys.Tagger}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
        var clock = Stopwatch.StartNew();
        var cut = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && !cut)
        {
            await Task.Delay(1000);
            try
            {
                await http.SendAsync(" ");
            }
            catch (IOException)
            {
                cut = true;
            }
            cut |= (await http.ReadUntilAsync("\r\n\r\n", TimeSpan.FromMilliseconds(50))).Length > 0;
        }

        // Then the server gives up on it within seconds (408 or a closed connection), and keeps serving
        Assert.True(cut, "the slow body was still being accepted after 20 s");
        Assert.True(http.Received.Length == 0 || http.Received.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), http.Received);
        using var client = service.Client(null);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Should_EndWithAnErrorRecord_When_AChunkedBatchGrowsPastTheLimitAfterResultsStarted()
    {
        // Given a service taking batches of at most 20,000 bytes
        await using var service = await KestrelService.StartAsync(TestKeys.Settings() with { MaxStoryBytes = 2_000, MaxBatchBytes = 20_000 });
        using var http = await RawHttp.ConnectAsync(service.Address);
        var line = Bodies.NdjsonLine("c", Bodies.PipelineTitle, Bodies.PipelineText) + "\n";

        // When a chunked batch (no length announced) sends 5 lines, reads their results, then keeps going past the limit
        await http.SendAsync($"POST /v1/tag/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestKeys.Tagger}\r\n" +
            "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        await http.SendChunkAsync(string.Concat(Enumerable.Repeat(line, 5)));
        await http.ReadUntilAsync("HTTP/1.1 200", TimeSpan.FromSeconds(30));
        try
        {
            for (var i = 0; i < 60; i++)
            {
                await http.SendChunkAsync(line);
            }
            await http.SendChunkAsync("");
        }
        catch (IOException)
        {
            // The server may close its side once it has cut the body off.
        }
        var answer = await http.ReadUntilAsync("cut off", TimeSpan.FromSeconds(30));

        // Then the answer holds the results so far and a last error record saying where and why the batch was cut
        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("the batch was cut off after line", answer);
        Assert.Contains("MaxBatchBytes", answer);
    }
}
