using System;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Persistence;

namespace StoreGen.Tests;

/// <summary>
/// A snapshot backend that keeps the document in memory and fails on request: what the group does when its backend
/// throws, without a disk or a server that can be made to fail at the right moment.
/// </summary>
internal sealed class MemoryBackend : ISnapshotBackend
{
    public byte[]? Document { get; set; }

    /// <summary>Thrown by the next read, then cleared.</summary>
    public Exception? FailNextRead { get; set; }

    /// <summary>Thrown by the next write, then cleared.</summary>
    public Exception? FailNextWrite { get; set; }

    public int Writes { get; private set; }

    public string Location => "memory backend";

    public ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (FailNextRead is { } failure)
        {
            FailNextRead = null;
            throw failure;
        }
        return ValueTask.FromResult(Document);
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        if (FailNextWrite is { } failure)
        {
            FailNextWrite = null;
            throw failure;
        }
        Document = document.ToArray();
        Writes++;
        return ValueTask.CompletedTask;
    }
}
