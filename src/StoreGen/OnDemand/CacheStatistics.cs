namespace StoreGen;

/// <summary>What an on-demand store's cache has done (the resource store's GetCacheStats, and more).</summary>
/// <param name="Hits">Reads served from the cache.</param>
/// <param name="Misses">Reads that had to wait for a load (their own or a shared one).</param>
/// <param name="Loads">Loader calls made (concurrent misses for one key share one).</param>
/// <param name="LoadFailures">Loader calls that threw; nothing was cached for them.</param>
/// <param name="Cached">Items in the cache now (some may have expired and not been dropped yet).</param>
public readonly record struct CacheStatistics(long Hits, long Misses, long Loads, long LoadFailures, int Cached);
