using System.Net.Sockets;
using System.Text;

namespace NewsClassifier.Service.Tests;

/// <summary>
/// HTTP/1.1 by hand over a loopback socket, for what HttpClient will not do: send a body in parts while reading the
/// answer, trickle a body slowly, or send oversized headers.
/// </summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _received = new();

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(Uri address)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        return new RawHttp(tcp);
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    /// <summary>Sends one chunk of a chunked body (an empty one ends the body).</summary>
    public Task SendChunkAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return SendAsync($"{bytes.Length:x}\r\n{text}\r\n");
    }

    /// <summary>Reads until the answer holds <paramref name="marker"/> or the server closes; returns everything read so far.</summary>
    public async Task<string> ReadUntilAsync(string marker, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        while (!Received.Contains(marker, StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancel.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                break;
            }
            if (read == 0)
            {
                break;
            }
            _received.Write(buffer, 0, read);
        }
        return Received;
    }

    public string Received => Encoding.UTF8.GetString(_received.ToArray());

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
