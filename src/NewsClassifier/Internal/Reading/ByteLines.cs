using System.Runtime.CompilerServices;

namespace NewsClassifier.Internal.Reading;

/// <summary>One physical line of raw bytes, without its line break.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Offset">Byte offset of the line's start in the stream.</param>
/// <param name="Length">The line's length in bytes, even when it was too long to keep.</param>
/// <param name="Bytes">The line, or empty when <paramref name="TooLong"/>.</param>
/// <param name="TooLong">The line was longer than the limit; its bytes were skipped, not kept.</param>
internal readonly record struct ByteLine(int Number, long Offset, long Length, byte[] Bytes, bool TooLong = false);

/// <summary>Splits a stream into lines of raw bytes, asynchronously, so a bad line can be reported without losing the rest.</summary>
internal static class ByteLines
{
    /// <summary>Yields every line; a last line without a newline is kept; a line longer than <paramref name="maxBytes"/> is not kept (its bytes are skipped).</summary>
    public static async IAsyncEnumerable<ByteLine> ReadAsync(Stream stream, int maxBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var number = 0;
        long offset = 0;
        long lineStart = 0;
        long lineLength = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                Append(line, buffer, start, i - start, ref lineLength, maxBytes);
                number++;
                yield return Take(number, lineStart, ref lineLength, line, maxBytes);
                start = i + 1;
                lineStart = offset + start;
            }
            Append(line, buffer, start, read - start, ref lineLength, maxBytes);
            offset += read;
        }
        if (lineLength > 0)
        {
            number++;
            yield return Take(number, lineStart, ref lineLength, line, maxBytes);
        }
    }

    private static void Append(MemoryStream line, byte[] buffer, int start, int count, ref long length, int maxBytes)
    {
        length += count;
        if (length <= maxBytes)
        {
            line.Write(buffer, start, count);
        }
        else if (line.Length > 0)
        {
            line.SetLength(0);
        }
    }

    private static ByteLine Take(int number, long offset, ref long length, MemoryStream line, int maxBytes)
    {
        var total = length;
        length = 0;
        if (total > maxBytes)
        {
            line.SetLength(0);
            return new ByteLine(number, offset, total, [], TooLong: true);
        }
        var bytes = line.ToArray();
        line.SetLength(0);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        return new ByteLine(number, offset, total, bytes);
    }
}
