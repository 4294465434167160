using System;
using System.Threading;
using System.Threading.Tasks;

using StoreGen.Live;

namespace StoreGen;

/// <summary>Durability acknowledgements for stores kept by a live backend.</summary>
public static class LiveStoreExtensions
{
    /// <summary>
    /// Completes when everything written to <paramref name="store"/> so far is committed to its live backend (at once
    /// when no live backend is attached). A write that is not awaited is applied in memory and queued: if the process
    /// dies before it is committed, it is lost.
    /// </summary>
    public static Task WhenDurableAsync(this ILiveStore store, CancellationToken cancellationToken = default) =>
        store.Live is { } link ? link.WhenAllDurableAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Completes when every local write up to store version <paramref name="version"/> (e.g. a snapshot's) is committed.</summary>
    public static Task WhenDurableAsync(this ILiveStore store, long version, CancellationToken cancellationToken = default) =>
        store.Live is { } link ? link.WhenDurableAsync(version, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// The database version of <paramref name="key"/> as this replica last saw it — from the load, other replicas'
    /// changes it applied, and its own acknowledged commits (a local change not yet acknowledged leaves the version it
    /// had) — or 0 when the key is absent or deleted. Pass it to <see cref="UpsertIfVersionAsync{T}"/>
    /// or <see cref="RemoveIfVersionAsync{TKey}"/> as the expected version. <paramref name="key"/> is the store's
    /// <c>Key</c> (e.g. <c>FlagStore.KeyOf(flag)</c>).
    /// </summary>
    /// <remarks>The replica keeps one version per stored key: a dictionary entry (about 40 bytes plus the key's own size).</remarks>
    public static long LiveVersionOf<TKey>(this ILiveStore store, TKey key)
        where TKey : struct =>
        Typed<ILiveKeyVersions<TKey>>(store, "LiveVersionOf", typeof(TKey)).VersionOf(key);

    /// <summary>
    /// Writes <paramref name="item"/> to the database only if its key's database version is still
    /// <paramref name="expectedVersion"/> (0: only if absent or deleted), and returns the new version. Every local
    /// write queued before is made durable first (so the comparison sees this replica's own earlier writes). On success
    /// the store holds the item (it reaches the change feed like another replica's change) and every replica converges
    /// to it; on a mismatch it throws <see cref="LiveConflictException"/> naming both versions, and nothing changes
    /// anywhere. Write guards and <c>MaxCount</c> are not asked (the database decides). A failure to reach the
    /// database is thrown as it is: the write may or may not have committed (sync, then compare
    /// <see cref="LiveVersionOf{TKey}"/>).
    /// </summary>
    public static Task<long> UpsertIfVersionAsync<T>(this ILiveStore store, T item, long expectedVersion, CancellationToken cancellationToken = default) =>
        Typed<ILiveItemWrites<T>>(store, "UpsertIfVersion", typeof(T)).UpsertIfVersionAsync(item, expectedVersion, cancellationToken);

    /// <summary>
    /// Deletes <paramref name="key"/> from the database only if its version is still <paramref name="expectedVersion"/>
    /// (which must be a stored item's version, above 0); like <see cref="UpsertIfVersionAsync{T}"/> otherwise. Returns
    /// the version of the delete.
    /// </summary>
    public static Task<long> RemoveIfVersionAsync<TKey>(this ILiveStore store, TKey key, long expectedVersion, CancellationToken cancellationToken = default)
        where TKey : struct =>
        Typed<ILiveKeyVersions<TKey>>(store, "RemoveIfVersion", typeof(TKey)).RemoveIfVersionAsync(key, expectedVersion, cancellationToken);

    private static TLink Typed<TLink>(ILiveStore store, string operation, Type given)
        where TLink : class
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Live switch
        {
            null => throw new StoreException(store.StoreName, operation, Array.Empty<object?>(), "no live backend is attached to the store"),
            TLink typed => typed,
            _ => throw new StoreException(store.StoreName, operation, Array.Empty<object?>(), $"{given} is not the store's key or item type"),
        };
    }
}
