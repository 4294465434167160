using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Persistence;

namespace StoreGen.Testing;

/// <summary>
/// A snapshot backend (file, S3, yours) with faults injected in front of it: the next reads or writes fail with an
/// <see cref="IOException"/> before reaching it, as an outage would. The backend itself is not changed.
/// </summary>
public sealed class SnapshotFaults(ISnapshotBackend backend) : ISnapshotBackend
{
    private int _readFaults;
    private int _writeFaults;

    /// <inheritdoc />
    public string Location => backend.Location;

    /// <summary>Makes the next <paramref name="count"/> reads fail.</summary>
    public void FailNextReads(int count) => Interlocked.Exchange(ref _readFaults, count);

    /// <summary>Makes the next <paramref name="count"/> writes fail.</summary>
    public void FailNextWrites(int count) => Interlocked.Exchange(ref _writeFaults, count);

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _readFaults) >= 0 ? throw new IOException($"injected fault: reading {Location} failed") : backend.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _writeFaults) >= 0 ? throw new IOException($"injected fault: writing {Location} failed") : backend.WriteAsync(document, cancellationToken);
}
