using System;
using System.Diagnostics.Metrics;

namespace StoreGen;

/// <summary>Options for a generated store. Use <see cref="StoreOptions{T}"/> for the typed ones (write guards).</summary>
public class StoreOptions
{
    /// <summary>
    /// Entries to allocate room for up front. 0 starts small and grows. At most what the store's arrays can hold
    /// (about 2^30 divided by its index count); a value outside that fails the store's construction.
    /// </summary>
    public int InitialCapacity { get; set; }

    /// <summary>
    /// How many of the most recent changes <c>GetChangesSince</c> can serve (default 4,096). A cursor older than
    /// that gets a reset (resynchronize from the items) rather than a gap. 0 keeps no changes: every cursor but the
    /// current version resets. A negative value, or more than the process can allocate, fails the store's construction.
    /// </summary>
    public int ChangeFeedCapacity { get; set; } = 4096;

    /// <summary>Items expire this long after they are written, unless their <see cref="ExpiresAtAttribute"/> member says otherwise. Must be positive.</summary>
    public TimeSpan? DefaultTimeToLive { get; set; }

    /// <summary>The clock for expiry and locks; tests pass a controllable one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>When set, a timer sweeps expired items this often (disposing the store stops it). Must be positive.</summary>
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>
    /// The most items the store may hold; null for no limit. At least 0 (0 refuses every add), and at least 1 with
    /// <see cref="OverflowPolicy.EvictOldest"/>. Restoring a snapshot is not limited by it.
    /// </summary>
    public int? MaxCount { get; set; }

    /// <summary>What a write that would exceed <see cref="MaxCount"/> does.</summary>
    public OverflowPolicy Overflow { get; set; } = OverflowPolicy.Reject;

    /// <summary>When set, the store publishes its metrics (OpenTelemetry-style names, <c>storegen.*</c>) on this meter.</summary>
    public Meter? Meter { get; set; }
}

/// <summary>Options with the parts that need the item type.</summary>
public class StoreOptions<T> : StoreOptions
{
    /// <summary>Runs before every upsert and removal; a non-null result rejects the write with that reason.</summary>
    public WriteGuard<T>? WriteGuard { get; set; }
}

/// <summary>What a write that would take the store past <see cref="StoreOptions.MaxCount"/> does.</summary>
public enum OverflowPolicy
{
    /// <summary>The write is rejected with a <see cref="StoreException"/> and changes nothing.</summary>
    Reject,

    /// <summary>The oldest items (by last write) are removed to make room; each is reported as Removed.</summary>
    EvictOldest,
}
