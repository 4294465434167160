using System;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Persistence;

/// <summary>
/// Where snapshot documents are kept: the embedded file (the default), S3, or your own. Whole-document backends only;
/// write-through backends (PostgreSQL, Redis) consume the change feed instead, through their own contract.
/// </summary>
public interface ISnapshotBackend
{
    /// <summary>Where the snapshot lives, for messages (e.g. <c>file /var/lib/app/stores.json</c>).</summary>
    string Location { get; }

    /// <summary>
    /// The last document written, as stored (gzip-compressed or plain: the reader detects gzip and inflates it within
    /// its size limit), or null if none was ever written. Throws if it exists but cannot be read: an
    /// <see cref="InvalidOperationException"/> when the backend answered that it is misconfigured (e.g. no such
    /// bucket: the restore fails and is not retried), anything else when it could not be reached (the restore is
    /// retried under the merge policy).
    /// </summary>
    ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the document, atomically: a reader (or a crash) sees the old document or the new one, never a mix.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken);
}
