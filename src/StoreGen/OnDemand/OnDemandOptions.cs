using System;
using System.Diagnostics.Metrics;

namespace StoreGen;

/// <summary>Options for a generated on-demand store (the resource store's CachedStore).</summary>
public sealed class OnDemandOptions
{
    /// <summary>How long a loaded item is served from the cache (default 10 minutes).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most loaded items kept; the least recently used go first (default 1,000; 0 for no bound).</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>The clock for the time to live; tests pass a controllable one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>When set, cache hits, misses, loads and load failures are counted on this meter.</summary>
    public Meter? Meter { get; set; }
}
