using System;
using StoreGen;

namespace MetricStore;

/// <summary>Who runs this process: the leader scrapes, followers only backfill.</summary>
public enum RuntimeRole
{
    Leader,
    Follower,
}

/// <summary>Which write path a point came from.</summary>
public enum WriteSource
{
    LeaderScrape,
    WorkerBackfill,
}

/// <summary>One series' latest sample, keyed by its series id (name and sorted labels); it expires after the retention.</summary>
[Store(Keys = new[] { nameof(SeriesId) })]
public sealed partial record MetricSeries(string SeriesId, string Name, string Labels, double Value, DateTimeOffset UpdatedAt, WriteSource Source, [ExpiresAt] DateTimeOffset? ExpiresAt);

/// <summary>One series change after a cursor.</summary>
public readonly record struct SnapshotDeltaEvent(string SeriesId, MetricSeries Point, bool Deleted);

/// <summary>The changes after a cursor, and the cursor to ask with next (Reset: re-read the whole snapshot).</summary>
public sealed record SnapshotDelta(long NextCursor, bool Reset, SnapshotDeltaEvent[] Events);
