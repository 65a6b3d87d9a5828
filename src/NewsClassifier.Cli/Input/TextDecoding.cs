using System.Text;

namespace NewsClassifier.Cli.Input;

/// <summary>Turns the bytes of a story file into text, or says exactly why it cannot.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes by byte-order mark (UTF-8, UTF-16, UTF-32), else as strict UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out string error)
    {
        text = "";
        error = "";
        Encoding encoding = StrictUtf8;
        var skip = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            skip = 3;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            encoding = new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);
            skip = 4;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            skip = 2;
        }
        else if (bytes.IndexOf((byte)0) >= 0)
        {
            error = "the file is binary (it contains NUL bytes), not text";
            return false;
        }
        try
        {
            text = encoding.GetString(bytes[skip..]);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            error = $"the file is not valid {encoding.WebName.ToUpperInvariant()} (bad bytes near offset {skip + Math.Max(0, ex.Index)}); re-save it as UTF-8";
            return false;
        }
    }
}
