using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>The embedded file backend and snapshot compression, byte for byte.</summary>
public sealed class FileBackendTests : IDisposable
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("{\"format\":1,\"stores\":{\"a\":{\"items\":[" + string.Join(",", Enumerable.Repeat("1", 500)) + "]}}}");

    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_path_is_made_absolute_and_named_in_the_location()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_directory, "s.json"));
        var backend = new FileSnapshotBackend(relative);
        Assert.Equal(Path.Combine(_directory, "s.json"), backend.Path);
        Assert.Equal("file " + backend.Path, backend.Location);

        Assert.Throws<ArgumentException>(() => new FileSnapshotBackend(""));
        Assert.Throws<ArgumentNullException>(() => new FileSnapshotBackend(null!));
    }

    [Fact]
    public async Task No_file_reads_as_no_snapshot_and_a_write_creates_missing_directories()
    {
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "deep", "er", "s.json"));
        Assert.Null(await backend.ReadAsync(CancellationToken.None));

        await backend.WriteAsync(Document, CancellationToken.None);
        Assert.Equal(Document, await File.ReadAllBytesAsync(backend.Path));
        Assert.Equal(Document, await backend.ReadAsync(CancellationToken.None));
        Assert.Equal(new[] { "s.json" }, Directory.GetFiles(Path.GetDirectoryName(backend.Path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_compressing_backend_writes_gzip_and_reads_back_the_stored_bytes_for_the_group_to_inflate()
    {
        var compressed = new FileSnapshotBackend(Path.Combine(_directory, "s.json.gz"), compress: true);
        await compressed.WriteAsync(Document, CancellationToken.None);
        var stored = await File.ReadAllBytesAsync(compressed.Path);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, stored.Take(2));
        Assert.True(stored.Length < Document.Length);
        Assert.Equal(Document, Gunzip(stored));
        Assert.Equal(stored, await compressed.ReadAsync(CancellationToken.None));   // as stored: the group inflates, within its limit
        Assert.Equal(Document, SnapshotCompression.DecompressIfNeeded((await compressed.ReadAsync(CancellationToken.None))!));

        var plain = new FileSnapshotBackend(compressed.Path);   // a plain backend reads a compressed file as stored too
        Assert.Equal(stored, await plain.ReadAsync(CancellationToken.None));
        await plain.WriteAsync(Document, CancellationToken.None);
        Assert.Equal(Document, await File.ReadAllBytesAsync(plain.Path));
        Assert.Equal(Document, await compressed.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_first_write_removes_temporary_files_a_killed_writer_left_and_nothing_else()
    {
        string path = Path.Combine(_directory, "s.json");
        string leftover = Path.Combine(_directory, ".s.json.0123abcd.tmp");
        string otherStores = Path.Combine(_directory, ".t.json.0123abcd.tmp");
        string unrelated = Path.Combine(_directory, "s.json.bak");
        foreach (var file in new[] { leftover, otherStores, unrelated })
        {
            await File.WriteAllTextAsync(file, "x");
        }

        var backend = new FileSnapshotBackend(path);
        await backend.WriteAsync(Document, CancellationToken.None);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(otherStores));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(Document, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_failed_write_leaves_no_temporary_file_and_throws()
    {
        string path = Path.Combine(_directory, "s.json");
        var backend = new FileSnapshotBackend(path);
        Directory.CreateDirectory(path);   // after startup the snapshot's name is taken by a directory: the rename fails

        await Assert.ThrowsAnyAsync<IOException>(async () => await backend.WriteAsync(Document, CancellationToken.None));
        Assert.Equal(new[] { "s.json" }, Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Gzip_is_recognized_by_both_magic_bytes_only()
    {
        Assert.True(SnapshotCompression.IsCompressed(new byte[] { 0x1F, 0x8B }));
        Assert.False(SnapshotCompression.IsCompressed(new byte[] { 0x1F }));
        Assert.False(SnapshotCompression.IsCompressed(new byte[] { 0x1F, 0x00, 0x8B }));
        Assert.False(SnapshotCompression.IsCompressed(new byte[] { 0x00, 0x8B }));
        Assert.False(SnapshotCompression.IsCompressed(ReadOnlySpan<byte>.Empty));
        Assert.True(SnapshotCompression.IsCompressed(SnapshotCompression.Compress(Document)));
    }

    [Fact]
    public void Plain_bytes_pass_through_and_compressed_bytes_are_restored_exactly()
    {
        Assert.Same(Document, SnapshotCompression.DecompressIfNeeded(Document));
        var compressed = SnapshotCompression.Compress(Document);
        Assert.True(compressed.Length < Document.Length);
        Assert.Equal(Document, SnapshotCompression.DecompressIfNeeded(compressed));
        Assert.Empty(SnapshotCompression.DecompressIfNeeded(SnapshotCompression.Compress(ReadOnlySpan<byte>.Empty)));
    }

    [Fact]
    public void Damaged_gzip_is_an_InvalidDataException()
    {
        var damaged = SnapshotCompression.Compress(Document);
        Array.Fill(damaged, (byte)0xFF, 10, damaged.Length - 10);
        Assert.Throws<InvalidDataException>(() => SnapshotCompression.DecompressIfNeeded(damaged));
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
