using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace StoreGen.Engine;

/// <summary>
/// One store's instruments on the application's <see cref="Meter"/>, named after OpenTelemetry conventions
/// (<c>storegen.*</c>, dotted, with units) and tagged <c>storegen.store</c> with the store's name.
/// </summary>
internal sealed class StoreMetrics : IDisposable
{
    public const string StoreTag = "storegen.store";

    private readonly KeyValuePair<string, object?> _store;
    private readonly Counter<long> _changes;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _expirations;
    private readonly Counter<long> _feedResets;
    private volatile bool _disposed;

    public StoreMetrics(Meter meter, string storeName, Func<int> count)
    {
        _store = new KeyValuePair<string, object?>(StoreTag, storeName);
        _changes = meter.CreateCounter<long>("storegen.store.changes", "{change}", "Changes applied, by kind (added, updated, removed, expired).");
        _rejected = meter.CreateCounter<long>("storegen.store.rejected_writes", "{write}", "Writes rejected, by reason (unique, guard, limit).");
        _expirations = meter.CreateCounter<long>("storegen.store.expirations", "{item}", "Items removed because they expired.");
        _feedResets = meter.CreateCounter<long>("storegen.store.change_feed.resets", "{reset}", "Change-feed reads that had to resynchronize.");
        meter.CreateObservableGauge("storegen.store.items", () => Observe(count), "{item}", "Items stored.");
    }

    public void Record(in TxCounts counts)
    {
        Add(_changes, counts.Added, "added");
        Add(_changes, counts.Updated, "updated");
        Add(_changes, counts.Removed, "removed");
        Add(_changes, counts.Expired, "expired");
        if (counts.Expired > 0)
        {
            _expirations.Add(counts.Expired, _store);
        }
    }

    public void Rejected(string reason) => _rejected.Add(1, _store, new KeyValuePair<string, object?>("storegen.reason", reason));

    public void FeedReset() => _feedResets.Add(1, _store);

    public void Dispose() => _disposed = true;

    private IEnumerable<Measurement<int>> Observe(Func<int> count)
    {
        if (!_disposed)
        {
            yield return new Measurement<int>(count(), _store);
        }
    }

    private void Add(Counter<long> counter, int value, string kind)
    {
        if (value > 0)
        {
            counter.Add(value, _store, new KeyValuePair<string, object?>("storegen.change.kind", kind));
        }
    }
}
