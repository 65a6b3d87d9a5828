using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NewsClassifier.Desk.Tests.Service;

/// <summary>The real newsclf process serving on a free loopback port, in a working folder of its own.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts <c>newsclf serve</c> with the given extra arguments and waits until /readyz answers.</summary>
    public static async Task<ServerProcess> StartAsync(string workingFolder, params string[] arguments)
    {
        var port = FreePort();
        var newsclf = Path.Combine(AppContext.BaseDirectory, "newsclf.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { newsclf, "serve", "--urls", $"http://127.0.0.1:{port}", "--model", Path.Combine(AppContext.BaseDirectory, "models") }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("newsclf did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"newsclf serve exited with {process.ExitCode} before it was ready");
            }
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/readyz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        server.Dispose();
        throw new TimeoutException("newsclf serve was not ready within 60 s");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
