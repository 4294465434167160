using System;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Locks;

/// <summary>
/// Named locks with a time to live (the metric store's job and de-duplication locks). Implemented in memory here;
/// a Redis implementation follows the same contract. Asynchronous because remote implementations are.
/// </summary>
public interface ILockProvider
{
    /// <summary>Acquires <paramref name="key"/> for <paramref name="ttl"/>, or returns null if someone else holds it.</summary>
    ValueTask<LockLease?> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease still held by its token to <paramref name="ttl"/> from now; null if it was lost (expired or taken).</summary>
    ValueTask<LockLease?> ExtendAsync(LockLease lease, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease still held by its token; false if it had already expired or been taken by someone else.</summary>
    ValueTask<bool> ReleaseAsync(LockLease lease, CancellationToken cancellationToken = default);
}
