using System;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Persistence;

/// <summary>
/// The embedded default: one file. A write goes to a temporary file in the same directory, is flushed to disk, and
/// then renamed over the snapshot — a rename within a directory is atomic, so a crash at any moment leaves the
/// previous complete snapshot or the new one, never a torn file. Optionally gzip-compressed (detected on read).
/// </summary>
public sealed class FileSnapshotBackend : ISnapshotBackend
{
    private readonly bool _compress;

    /// <summary>Keeps the snapshot at <paramref name="path"/>; <paramref name="compress"/> gzips what is written.</summary>
    public FileSnapshotBackend(string path, bool compress = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _compress = compress;
    }

    /// <summary>The snapshot file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Location => "file " + Path;

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        var bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain, cancellationToken).ConfigureAwait(false);
            return plain.ToArray();
        }
        return bytes;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                if (_compress)
                {
                    await using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                    await gzip.WriteAsync(document, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await file.WriteAsync(document, cancellationToken).ConfigureAwait(false);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
