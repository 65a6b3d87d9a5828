using System.Runtime.InteropServices;

namespace NewsClassifier.Internal.Reading;

/// <summary>What kind of file system entry a path is: .NET reports FIFOs, sockets and devices as ordinary files.</summary>
internal static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFIFO = 0x1000;
    private const int S_IFCHR = 0x2000;
    private const int S_IFBLK = 0x6000;
    private const int S_IFSOCK = 0xC000;

    /// <summary>Null for a regular file (after following links), else what it is ("a FIFO", "a socket", "a device").</summary>
    public static string? NotRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        // struct statx has the same layout on every Linux architecture: stx_mode is a u16 at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return null; // opening it will say what is wrong
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer[28..30]) & S_IFMT;
        return mode switch
        {
            S_IFREG => null,
            S_IFIFO => "a FIFO (named pipe)",
            S_IFSOCK => "a socket",
            S_IFCHR or S_IFBLK => "a device",
            _ => "not a regular file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
