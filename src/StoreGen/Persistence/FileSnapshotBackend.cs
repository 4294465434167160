using System;
using System.IO;
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
    private bool _cleaned;

    /// <summary>Keeps the snapshot at <paramref name="path"/>; <paramref name="compress"/> gzips what is written.</summary>
    public FileSnapshotBackend(string path, bool compress = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(Path))
        {
            throw new ArgumentException($"the snapshot path {Path} is a directory; give the path of a file in it (e.g. {System.IO.Path.Combine(Path, "storegen.json")})", nameof(path));
        }
        _compress = compress;
    }

    /// <summary>The snapshot file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Location => "file " + Path;

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path))
        {
            throw new IOException($"the snapshot path {Path} is a directory, not a snapshot file");
        }
        if (!File.Exists(Path))
        {
            return null;
        }
        return await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);   // gzip or plain: the group inflates it
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        if (!_cleaned)
        {
            RemoveLeftovers(directory);
            _cleaned = true;
        }
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await file.WriteAsync(_compress ? SnapshotCompression.Compress(document.Span) : document, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Deletes temporary files a killed process left behind (they are never read: the snapshot is only ever the
    /// renamed, complete file). Done once, at this backend's first write; one snapshot file has one writer.
    /// </summary>
    private void RemoveLeftovers(string directory)
    {
        foreach (string leftover in Directory.EnumerateFiles(directory, $".{System.IO.Path.GetFileName(Path)}.*.tmp"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
                // in use or gone: harmless, it is never read
            }
        }
    }
}
