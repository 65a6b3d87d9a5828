using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace NewsClassifier.Service.Tests;

/// <summary>The real newsclf process on a free loopback port (issue #12): start, key, tag, drain on SIGTERM, exit 0.</summary>
public class EndToEndTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Should_ServeWithAGeneratedKeyAndDrainOnSigterm_When_TheRealProcessRuns()
    {
        // Given 'newsclf serve' started with embedded defaults apart from the port and an empty keys file
        var keysFile = Path.Combine(_folder.Path, "keys.json");
        using var server = await ServerProcess.StartAsync(_folder.Path, "--keys-file", keysFile);
        var key = server.Stdout.First(l => l.StartsWith(ApiKeyFile.KeyPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(keysFile));
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // When it is probed, asked to tag, and sent SIGTERM in the middle of a 1,000-story batch
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var one = await client.PostAsync("/v1/tag", Bodies.Story("e2e-1", Bodies.PipelineTitle, Bodies.PipelineText));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var lines = string.Concat(Enumerable.Range(0, 1000).Select(i => Bodies.NdjsonLine($"e2e-{i}", Bodies.PipelineTitle, "Wombatshire " + Bodies.PipelineText) + "\n"));
        var batch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/tag/batch") { Content = Bodies.Ndjson(lines) },
            HttpCompletionOption.ResponseHeadersRead);
        server.Terminate();
        var records = (await batch.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then the batch in flight finishes whole, the process exits 0, and its logs hold no story text nor stack trace
        Assert.Equal(1000, records.Length);
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var output = string.Join("\n", server.Stdout.Concat(server.Stderr));
        Assert.Contains("Application is shutting down", output);
        Assert.DoesNotContain("Wombatshire", output);
        Assert.DoesNotContain("   at ", output);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Should_AcceptTheKeyAndMakeNoOther_When_KeysAddRanBeforeServe()
    {
        // Given a key made with 'newsclf keys add'
        var keysFile = Path.Combine(_folder.Path, "keys.json");
        var (exitCode, stdout, stderr) = await ServerProcess.RunAsync(_folder.Path, "keys", "add", "desk-1", "--role", "editor", "--keys-file", keysFile);
        Assert.Equal(0, exitCode);
        var key = stdout.Trim();
        Assert.StartsWith(ApiKeyFile.KeyPrefix, key);
        Assert.Contains("desk-1", stderr);

        // When the service starts on that keys file
        using var server = await ServerProcess.StartAsync(_folder.Path, "--keys-file", keysFile);
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // Then the key tags, no new key is printed, and a wrong key is refused
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/tag", Bodies.Story("k", Bodies.PipelineTitle, Bodies.PipelineText))).StatusCode);
        Assert.DoesNotContain(server.Stdout, l => l.StartsWith(ApiKeyFile.KeyPrefix, StringComparison.Ordinal));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/model")).StatusCode);
    }

    [Fact]
    public async Task Should_RefuseNoAuth_When_TheProcessIsAskedToListenOnAllInterfaces()
    {
        // Port 9 is never bound: the check happens before listening.
        var (exitCode, _, stderr) = await ServerProcess.RunAsync(_folder.Path, "serve", "--no-auth", "--urls", "http://0.0.0.0:9");

        Assert.Equal(2, exitCode);
        Assert.Contains("loopback", stderr);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>newsclf from this test's output folder, as a child process.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public List<string> Stdout { get; } = [];

        public List<string> Stderr { get; } = [];

        public static async Task<ServerProcess> StartAsync(string workingDirectory, params string[] args)
        {
            var port = FreeLoopbackPort();
            var process = Start(workingDirectory, ["serve", "--urls", $"http://127.0.0.1:{port}", .. args]);
            var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }
                lock (server.Stdout)
                {
                    server.Stdout.Add(e.Data);
                }
                if (e.Data.StartsWith("newsclf: serving model", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (server.Stderr)
                    {
                        server.Stderr.Add(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != started.Task)
            {
                server.Dispose();
                throw new InvalidOperationException($"newsclf serve did not start: {string.Join("\n", server.Stderr)}");
            }
            return server;
        }

        public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
        {
            using var process = Start(workingDirectory, args);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout, await stderr);
        }

        /// <summary>SIGTERM, as Kubernetes sends it.</summary>
        public void Terminate() => Assert.Equal(0, Kill(_process.Id, 15));

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        private static Process Start(string workingDirectory, string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsclf.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            // A drain long enough for a loaded machine: the test checks that it completes, not how fast.
            start.Environment["Service__DrainSeconds"] = "60";
            start.Environment.Remove("ASPNETCORE_URLS");
            return Process.Start(start)!;
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
