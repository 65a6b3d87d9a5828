using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NewsClassifier.Internal.Reading;

/// <summary>Turns bytes into text, or says exactly why it cannot.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a whole file by byte-order mark (UTF-8, UTF-16, UTF-32), else as strict UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out string error)
    {
        text = "";
        error = "";
        var (encoding, skip) = ByByteOrderMark(bytes);
        if (encoding is null)
        {
            if (bytes.IndexOf((byte)0) >= 0)
            {
                error = "the file is binary (it contains NUL bytes), not text";
                return false;
            }
            encoding = StrictUtf8;
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

    /// <summary>The encoding a byte-order mark announces and the mark's length; (null, 0) without one, (UTF-8, 3) for the UTF-8 mark.</summary>
    public static (Encoding? Encoding, int Length) ByByteOrderMark(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, 3);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        return (null, 0);
    }

    /// <summary>Decodes one line as strict UTF-8; on failure says at which byte of the line the bad sequence starts.</summary>
    public static bool TryDecodeUtf8Line(ReadOnlySpan<byte> bytes, out string text, out int badOffset)
    {
        text = "";
        badOffset = -1;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
            {
                badOffset = read;
                return false;
            }
            text = new string(chars, 0, written);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return -1;
    }
}
