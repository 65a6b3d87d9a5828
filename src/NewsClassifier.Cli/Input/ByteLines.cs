namespace NewsClassifier.Cli.Input;

/// <summary>Splits a stream into lines of raw bytes, so a bad line can be reported without losing the rest.</summary>
internal static class ByteLines
{
    /// <summary>Yields (1-based line number, bytes without the line break); a last line without a newline is kept.</summary>
    public static IEnumerable<(int Number, byte[] Bytes)> Read(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var number = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                line.Write(buffer, start, i - start);
                start = i + 1;
                number++;
                yield return (number, TakeLine(line));
            }
            line.Write(buffer, start, read - start);
        }
        if (line.Length > 0)
        {
            number++;
            yield return (number, TakeLine(line));
        }
    }

    private static byte[] TakeLine(MemoryStream line)
    {
        var bytes = line.ToArray();
        line.SetLength(0);
        return bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes[..^1] : bytes;
    }
}
