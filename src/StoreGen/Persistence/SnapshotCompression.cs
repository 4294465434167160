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

    /// <summary>Returns <paramref name="bytes"/> unchanged if not gzipped, else their decompressed form. Throws <see cref="InvalidDataException"/> if the gzip is damaged.</summary>
    public static byte[] DecompressIfNeeded(byte[] bytes)
    {
        if (!IsCompressed(bytes))
        {
            return bytes;
        }
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream(bytes.Length * 4);
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
