using System;
using System.Linq;
using System.Threading.Tasks;
using StoreGen;
using StoreGen.Locks;

namespace MetricStore;

/// <summary>
/// The metric store: shared series state with role/source write guards, a series limit, retention by expiry, and
/// job and de-duplication locks. The same code runs in memory or on Redis (the backend keeps the store in step).
/// </summary>
public sealed class Metrics
{
    private readonly TimeSpan _retention;
    private readonly ILockProvider _locks;

    public Metrics(MetricSeriesStore store, TimeSpan retention, ILockProvider locks)
    {
        Store = store;
        _retention = retention;
        _locks = locks;
    }

    /// <summary>The series store for <paramref name="role"/>: the write guard carries the leader/follower rules, MaxCount the series limit.</summary>
    public static MetricSeriesStore CreateStore(RuntimeRole role, int maxSeries) =>
        new(new StoreOptions<MetricSeries>
        {
            MaxCount = maxSeries,
            Overflow = OverflowPolicy.Reject,
            WriteGuard = (in WriteAttempt<MetricSeries> attempt) => (role, attempt.Item.Source) switch
            {
                (RuntimeRole.Leader, _) => null,
                (RuntimeRole.Follower, WriteSource.WorkerBackfill) => null,
                _ => "followers may not write leader_scrape points",
            },
        });

    public MetricSeriesStore Store { get; }

    /// <summary>Validates and upserts one series sample (rejected with a StoreException by the guard or the series limit).</summary>
    public void UpsertMetric(WriteSource source, string name, string labels, double value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a metric needs a name", nameof(name));
        }
        Store.Upsert(new MetricSeries(name + "{" + labels + "}", name, labels, value, now, source, now + _retention));
    }

    public async Task<bool> AcquireJobLockAsync(string jobId, TimeSpan ttl) => await _locks.TryAcquireAsync("job:" + jobId, ttl) is not null;

    public async Task<bool> AcquireDedupLockAsync(string key, TimeSpan ttl) => await _locks.TryAcquireAsync("dedup:" + key, ttl) is not null;

    /// <summary>Removes series past their retention; returns how many.</summary>
    public int GC(DateTimeOffset now) => Store.Sweep(now);

    /// <summary>Every series, sorted by id.</summary>
    public MetricSeries[] Snapshot() => Store.OrderBy(series => series.SeriesId, StringComparer.Ordinal).ToArray();

    public long SnapshotCursor() => Store.Version;

    public SnapshotDelta SnapshotDeltaSince(long cursor)
    {
        var changes = Store.GetChangesSince(cursor);
        return new SnapshotDelta(changes.NextCursor, changes.Reset, changes.Changes
            .Select(change => new SnapshotDeltaEvent(change.Item.SeriesId, change.Item, change.Kind is ChangeKind.Removed or ChangeKind.Expired))
            .ToArray());
    }
}
