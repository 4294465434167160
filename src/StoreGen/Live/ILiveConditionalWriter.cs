using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Live;

/// <summary>
/// A live backend that can commit a write only if the key's database version is still the one the caller expects
/// (an ETag check). Optional: a backend that does not implement it keeps working, and a conditional write to one of its
/// stores fails with a <see cref="StoreException"/> saying so. A backend that implements it hands itself to each store
/// as <see cref="LiveLinkOptions.ConditionalWriter"/> when it attaches it.
/// </summary>
/// <remarks>
/// The store calls it only after every local write queued before is durable, and applies a committed write to itself
/// (through the remote path, like another replica's change). The backend must compare and write atomically with its
/// other writers, take the new version from the same commit order as its write-behind batches (so pollers see the
/// write like any other), and change nothing when the versions differ.
/// </remarks>
public interface ILiveConditionalWriter
{
    /// <summary>
    /// Commits the one row of <paramref name="write"/> (<see cref="LiveBatch.Count"/> is 1) if the key's stored version
    /// is <paramref name="expectedVersion"/>. A key that is absent or deleted has version 0, so 0 means "only if
    /// absent". For a delete, the backend keeps its stored item as the tombstone's item. A failure to reach the
    /// database is thrown as it is (the write may or may not have committed).
    /// </summary>
    /// <param name="link">The store's link (it names the store the row belongs to).</param>
    /// <param name="write">One row: its key, whether it deletes, and the item.</param>
    /// <param name="expectedVersion">The version the caller last saw for the key (0: absent).</param>
    /// <param name="cancellationToken">Cancels before the commit is sent.</param>
    Task<LiveConditionalResult> WriteIfVersionAsync(LiveLink link, LiveBatch write, long expectedVersion, CancellationToken cancellationToken);
}
