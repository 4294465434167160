using System;
using System.IO;
using System.IO.Compression;

namespace StoreGen.Persistence;

/// <summary>Optional gzip for snapshot documents; readers detect it by the gzip magic bytes, so either form restores.</summary>
public static class SnapshotCompression
{
    /// <summary>True if <paramref name="bytes"/> start with the gzip magic number.</summary>
    public static bool IsCompressed(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    /// <summary>Gzips <paramref name="document"/> (fastest level: snapshots are written often).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> document)
    {
        using var output = new MemoryStream(document.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(document);
        }
        return output.ToArray();
    }

    /// <summary>The default limit on a snapshot document's size, inflated: 1 GiB.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>
    /// Returns <paramref name="bytes"/> unchanged if not gzipped, else their decompressed form. Throws
    /// <see cref="SnapshotFormatException"/> if the document is (or inflates to) more than <paramref name="maxBytes"/>
    /// — a decompression bomb fails clearly instead of taking the process's memory — and
    /// <see cref="InvalidDataException"/> if the gzip is damaged.
    /// </summary>
    public static byte[] DecompressIfNeeded(byte[] bytes, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > maxBytes)
        {
            throw TooLarge(maxBytes, $"is {bytes.Length} bytes");
        }
        if (!IsCompressed(bytes))
        {
            return bytes;
        }
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream((int)Math.Min(maxBytes, Math.Min(Array.MaxLength, (long)bytes.Length * 4)));
        byte[] buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (plain.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes, $"inflates from {bytes.Length} gzip bytes past that");
            }
            plain.Write(buffer, 0, read);
        }
        return plain.ToArray();
    }

    private static SnapshotFormatException TooLarge(long maxBytes, string what) =>
        new($"the snapshot {what}; the limit is {maxBytes} bytes (STORE_MAX_SNAPSHOT_BYTES): raise it if the snapshot is genuine");
}
