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
}
