using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Engine;

/// <summary>
/// The cache behind a generated on-demand store: items are loaded through the application's loader on first use,
/// kept for a time to live, bounded in number (least recently used first out), and loaded once however many callers
/// ask at the same time. A failed load reaches every caller waiting for it as a <see cref="StoreException"/>; it is
/// never cached (as a null or otherwise) and leaves whatever the cache held untouched.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class OnDemandCache<TKey, T>
    where TKey : notnull
    where T : class
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<TKey, Lazy<Task<T?>>> _loading = new();
    private readonly Func<TKey, CancellationToken, ValueTask<T?>> _loader;
    private readonly OnDemandOptions _options;
    private readonly string _storeName;
    private readonly Func<TKey, object?[]> _keyValues;
    private readonly Counter<long>? _events;
    private readonly KeyValuePair<string, object?> _storeTag;
    private long _hits;
    private long _misses;
    private long _loads;
    private long _failures;

    /// <summary>Creates the cache for the store named <paramref name="storeName"/>.</summary>
    public OnDemandCache(string storeName, Func<TKey, CancellationToken, ValueTask<T?>> loader, OnDemandOptions? options, Func<TKey, object?[]> keyValues)
    {
        _storeName = storeName;
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        _options = options ?? new OnDemandOptions();
        _keyValues = keyValues;
        _storeTag = new KeyValuePair<string, object?>(StoreMetrics.StoreTag, storeName);
        _events = _options.Meter?.CreateCounter<long>("storegen.cache.events", "{event}", "On-demand cache hits, misses, loads and load failures.");
    }

    /// <summary>The counters so far.</summary>
    public CacheStatistics Statistics => new(
        Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _loads), Interlocked.Read(ref _failures), _entries.Count);

    /// <summary>
    /// The item for <paramref name="key"/>: from the cache while fresh, else loaded (once for all concurrent callers).
    /// Null when the loader finds nothing (not cached, so the next call asks again). Cancelling stops this caller's
    /// wait, not the shared load.
    /// </summary>
    public async ValueTask<T?> GetAsync(TKey key, string operation, CancellationToken cancellationToken)
    {
        long now = Now();
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            Volatile.Write(ref entry.LastUsed, now);
            Count(ref _hits, "hit");
            return entry.Item;
        }
        Count(ref _misses, "miss");
        var load = _loading.GetOrAdd(key, k => new Lazy<Task<T?>>(() => LoadAsync(k, operation)));
        return await load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the cached item for <paramref name="key"/>, if any.</summary>
    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every cached item (the resource store's ClearCache); references and counters stay.</summary>
    public void Clear() => _entries.Clear();

    private async Task<T?> LoadAsync(TKey key, string operation)
    {
        try
        {
            Count(ref _loads, "load");
            T? item;
            try
            {
                item = await _loader(key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Count(ref _failures, "load_failure");
                throw new StoreException(_storeName, operation, _keyValues(key), "loading the item failed: " + exception.Message, exception);
            }
            if (item is not null)
            {
                long now = Now();
                _entries[key] = new Entry(item, now + _options.TimeToLive.Ticks, now);
                Bound();
            }
            return item;
        }
        finally
        {
            _loading.TryRemove(key, out _);
        }
    }

    /// <summary>Keeps at most MaxItems: drops expired items, then the least recently used down to nine tenths of the bound.</summary>
    private void Bound()
    {
        int max = _options.MaxItems;
        if (max <= 0 || _entries.Count <= max)
        {
            return;
        }
        long now = Now();
        foreach (var pair in _entries.Where(pair => pair.Value.ExpiresAt <= now))
        {
            _entries.TryRemove(pair.Key, out _);
        }
        int excess = _entries.Count - max * 9 / 10;
        if (excess <= 0)
        {
            return;
        }
        foreach (var pair in _entries.OrderBy(pair => Volatile.Read(ref pair.Value.LastUsed)).Take(excess).ToList())
        {
            _entries.TryRemove(pair.Key, out _);
        }
    }

    private long Now() => _options.TimeProvider.GetUtcNow().UtcTicks;

    private void Count(ref long counter, string kind)
    {
        Interlocked.Increment(ref counter);
        _events?.Add(1, _storeTag, new KeyValuePair<string, object?>("storegen.cache.event", kind));
    }

    private sealed class Entry(T item, long expiresAt, long lastUsed)
    {
        public readonly T Item = item;
        public readonly long ExpiresAt = expiresAt;
        public long LastUsed = lastUsed;
    }
}
