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

    /// <summary>When set, reads and writes first wait for it or for their cancellation: an operation still in progress.</summary>
    public Task? Hold { get; set; }

    /// <summary>Completes when an operation starts waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Location => "memory backend";

    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        await HoldAsync(cancellationToken).ConfigureAwait(false);
        if (FailNextRead is { } failure)
        {
            FailNextRead = null;
            throw failure;
        }
        return Document;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        await HoldAsync(cancellationToken).ConfigureAwait(false);
        if (FailNextWrite is { } failure)
        {
            FailNextWrite = null;
            throw failure;
        }
        Document = document.ToArray();
        Writes++;
    }

    private async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (Hold is { } hold)
        {
            Held.TrySetResult();
            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
