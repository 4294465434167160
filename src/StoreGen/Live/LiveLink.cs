using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Live;

/// <summary>
/// The contract between a store and a live backend (<see cref="ILiveStore.AttachLive"/> creates it). The backend:
/// <list type="number">
/// <item>loads the database into the store with <see cref="ReplaceFromRemote"/> (also after a reset);</item>
/// <item>writes local changes behind: <see cref="ReadLocalAsync"/> yields the next <see cref="LiveBatch"/>, which
/// it commits as one database transaction and then <see cref="Acknowledge">acknowledges</see> (a batch that failed
/// is read again: nothing queued is dropped);</item>
/// <item>applies other replicas' changes, in the database's commit order, with <see cref="ApplyRemote"/>: they
/// reach the store and its change feed but are never queued to be written back (no echo). A remote change to a key
/// with a local change still queued is held back: once that local change is acknowledged, the remote change is applied
/// if it committed after it (by <see cref="RemoteRow.Version"/>) and dropped otherwise, so every replica ends with the
/// last change in commit order — even when a poll reads a remote change that committed after a local batch still in
/// flight;</item>
/// <item>keeps its own cursor (the database's version) and resets with <see cref="ReplaceFromRemote"/> when the
/// cursor is too old for the database.</item>
/// </list>
/// The application awaits durability with <see cref="WhenDurableAsync"/> (or <c>store.WhenDurableAsync()</c>).
/// </summary>
public abstract class LiveLink
{
    /// <summary>The store's name.</summary>
    public abstract string StoreName { get; }

    /// <summary>The store's key as the backend stores it.</summary>
    public abstract LiveKeySchema Schema { get; }

    /// <summary>How many local changes are queued and not yet durable.</summary>
    public abstract int QueueDepth { get; }

    /// <summary>The most changes that may be queued (<see cref="LiveLinkOptions.QueueCapacity"/>); a write beyond it is rejected.</summary>
    public abstract int QueueCapacity { get; }

    /// <summary>The store version of the last local transaction queued (0 if none).</summary>
    public abstract long LastLocalVersion { get; }

    /// <summary>
    /// The most items the store may hold when it rejects writes beyond that (<see cref="StoreOptions.MaxCount"/> with
    /// <see cref="OverflowPolicy.Reject"/>); null otherwise. Each replica's store enforces it on its own writes; a backend
    /// that can also enforces it in the database, across replicas, and <see cref="Reject">rejects</see> a batch that
    /// would add items beyond it.
    /// </summary>
    public virtual int? MaxCount => null;

    /// <summary>
    /// The next local changes to make durable: the oldest queued transactions, whole, up to about
    /// <paramref name="maxRows"/> rows (a single larger transaction is returned whole). Waits while nothing is queued.
    /// Until acknowledged, the same changes are returned again.
    /// </summary>
    public abstract ValueTask<LiveBatch> ReadLocalAsync(int maxRows, CancellationToken cancellationToken);

    /// <summary>
    /// The local changes queued after <paramref name="inFlight"/> — the batch <see cref="ReadLocalAsync"/> returned, not
    /// yet acknowledged — up to about <paramref name="maxRows"/> rows, so a backend may commit a second batch while the
    /// first is in flight; null when nothing more is queued (it does not wait). The backend acknowledges them in the
    /// order read; when one fails it writes again from it, with the batches after it (read again: they follow it).
    /// </summary>
    public virtual LiveBatch? ReadLocalAfter(LiveBatch inFlight, int maxRows) => null;

    /// <summary>
    /// The batch is committed at the database's version <paramref name="committedVersion"/>: its changes leave the
    /// queue and their durability waiters complete. Its keys stay protected from older remote rows until a remote
    /// apply reaches that version (so a poll that read the database before this commit cannot undo it).
    /// </summary>
    public abstract void Acknowledge(LiveBatch batch, long committedVersion);

    /// <summary>
    /// The database refused <paramref name="batch"/> (for good: the same write would fail the same way again; e.g. it
    /// would take the store past <see cref="MaxCount"/> across replicas, or PostgreSQL cannot store a value): its changes leave the queue without becoming durable,
    /// and every durability wait that covers them — waiting now or asked for later with a version from when it was queued —
    /// throws <paramref name="reason"/> once the transactions up to its version have left the queue (written or refused). The store still holds the changes: the backend then brings their keys back to
    /// the database's state with <see cref="ApplyRemote"/> (a row deleting each key the database does not hold).
    /// </summary>
    public abstract void Reject(LiveBatch batch, StoreException reason);

    /// <summary>
    /// Applies other replicas' changes as one store transaction; returns how many changed the store.
    /// <paramref name="source"/> names where the rows came from (e.g. a table) in errors; a row whose JSON cannot be
    /// read throws a <see cref="StoreException"/> naming the source and the row's key, and nothing is applied.
    /// </summary>
    /// <remarks>
    /// Call it after every poll, also when nothing changed after the cursor (with no rows): that settles the local
    /// changes acknowledged since, and applies remote changes held back for them that committed later.
    /// </remarks>
    /// <param name="rows">The rows changed after the backend's cursor, in commit order.</param>
    /// <param name="source">Where they came from, for errors.</param>
    /// <param name="upToVersion">The database version the rows bring the store to (the backend's new cursor).</param>
    public abstract int ApplyRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion);

    /// <summary>
    /// Makes the store hold exactly the live <paramref name="rows"/> (a load or a reset), as one transaction, keeping
    /// local changes still queued. Deleted rows are ignored. Returns how many changes it made.
    /// </summary>
    public abstract int ReplaceFromRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion);

    /// <summary>
    /// Starts a load of the store from <paramref name="source"/> that decodes rows while they are still being read;
    /// <see cref="LiveLoad.Complete"/> then does what <see cref="ReplaceFromRemote"/> does.
    /// </summary>
    public virtual LiveLoad BeginReplace(string source) => new CollectingLiveLoad(this, source);

    /// <summary>Completes when every local transaction up to store version <paramref name="version"/> is durable.</summary>
    public abstract Task WhenDurableAsync(long version, CancellationToken cancellationToken);

    /// <summary>Completes when everything written locally so far is durable.</summary>
    public Task WhenAllDurableAsync(CancellationToken cancellationToken) => WhenDurableAsync(LastLocalVersion, cancellationToken);
}
