using System;
using System.Diagnostics.Metrics;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>What each write reports to metrics: one measurement per kind that happened, none for kinds that did not.</summary>
public sealed class MetricsEdgeTests : IDisposable
{
    private readonly Meter _meter = new("StoreGen.Tests.MetricsEdges." + Guid.NewGuid());
    private readonly MeasurementRecorder _recorder;

    public MetricsEdgeTests() => _recorder = new MeasurementRecorder(_meter);

    public void Dispose()
    {
        _recorder.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void A_write_reports_only_the_kinds_of_change_it_made()
    {
        using var store = new IngressStore(new StoreOptions { Meter = _meter });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));

        var measured = Assert.Single(_recorder.Measured);
        Assert.Equal("storegen.store.changes", measured.Instrument);
        Assert.Equal(1, measured.Value);
        Assert.Equal("added", measured.Tags["storegen.change.kind"]);
        Assert.Equal("IngressStore", measured.Tags["storegen.store"]);

        store.Upsert(Make.Ingress("ns", "a", port: 2, uid: 1));
        store.Upsert(Make.Ingress("ns", "a", port: 2, uid: 1) with { Host = "other" });
        Assert.Equal(new long[] { 1, 1 }, _recorder.Of("storegen.store.changes", "storegen.change.kind", "updated"));
        Assert.Empty(_recorder.Of("storegen.store.expirations"));
        Assert.Equal(3, _recorder.Measured.Count);
    }

    [Fact]
    public void A_transaction_of_several_kinds_reports_each_of_them()
    {
        using var store = new IngressStore(new StoreOptions { Meter = _meter });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        store.UpsertMany(new[] { Make.Ingress("ns", "a", port: 2, uid: 1), Make.Ingress("ns", "b", uid: 2) });   // one update, one add
        using var evicting = new IngressStore(new StoreOptions { Meter = _meter, MaxCount = 1, Overflow = OverflowPolicy.EvictOldest });
        evicting.Upsert(Make.Ingress("ns", "x", uid: 3));
        evicting.Upsert(Make.Ingress("ns", "y", uid: 4));   // one add, one eviction

        Assert.Equal(new long[] { 1, 1, 1, 1 }, _recorder.Of("storegen.store.changes", "storegen.change.kind", "added"));
        Assert.Equal(new long[] { 1 }, _recorder.Of("storegen.store.changes", "storegen.change.kind", "updated"));
        Assert.Equal(new long[] { 1 }, _recorder.Of("storegen.store.changes", "storegen.change.kind", "removed"));
    }

    [Fact]
    public void Instruments_carry_their_units_and_descriptions()
    {
        var published = new System.Collections.Generic.Dictionary<string, Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == _meter)
                {
                    published[instrument.Name] = instrument;
                }
            },
        };
        listener.Start();
        using var store = new IngressStore(new StoreOptions { Meter = _meter });

        Assert.Equal("{change}", published["storegen.store.changes"].Unit);
        Assert.Equal("{write}", published["storegen.store.rejected_writes"].Unit);
        Assert.Equal("{item}", published["storegen.store.expirations"].Unit);
        Assert.Equal("{reset}", published["storegen.store.change_feed.resets"].Unit);
        Assert.Equal("{item}", published["storegen.store.items"].Unit);
        Assert.Contains("by kind", published["storegen.store.changes"].Description, StringComparison.Ordinal);
        Assert.Contains("by reason", published["storegen.store.rejected_writes"].Description, StringComparison.Ordinal);
        Assert.Contains("expired", published["storegen.store.expirations"].Description, StringComparison.Ordinal);
        Assert.Contains("resynchronize", published["storegen.store.change_feed.resets"].Description, StringComparison.Ordinal);
        Assert.Equal("Items stored.", published["storegen.store.items"].Description);
    }

    [Fact]
    public void A_write_that_changes_nothing_reports_nothing()
    {
        using var store = new IngressStore(new StoreOptions { Meter = _meter });
        var item = Make.Ingress("ns", "a", uid: 1);
        store.Upsert(item);
        _recorder.Measured.Clear();

        Assert.False(store.Remove("ns", "missing"));
        Assert.Equal(0, store.RemoveWhere(_ => false));
        store.ReplaceAll(new[] { item });   // equal to what is stored
        Assert.False(store.TryAdd(item));

        Assert.Empty(_recorder.Measured);
    }

    [Fact]
    public void Rejections_are_counted_by_reason()
    {
        using var limited = new IngressStore(new StoreOptions { Meter = _meter, MaxCount = 1 });
        limited.Upsert(Make.Ingress("ns", "a", uid: 1));
        Assert.Throws<StoreException>(() => limited.Upsert(Make.Ingress("ns", "b", uid: 2)));
        using var guarded = new IngressStore(new StoreOptions<Ingress> { Meter = _meter, WriteGuard = (in WriteAttempt<Ingress> _) => "closed" });
        Assert.Throws<StoreException>(() => guarded.Upsert(Make.Ingress("ns", "a", uid: 1)));

        Assert.Equal(new long[] { 1 }, _recorder.Of("storegen.store.rejected_writes", "storegen.reason", "limit"));
        Assert.Equal(new long[] { 1 }, _recorder.Of("storegen.store.rejected_writes", "storegen.reason", "guard"));
    }

    [Fact]
    public void The_item_gauge_reports_the_count_until_the_store_is_disposed()
    {
        var store = new IngressStore(new StoreOptions { Meter = _meter });
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });
        _recorder.Observe();
        Assert.Equal(new long[] { 2 }, _recorder.Of("storegen.store.items"));

        store.Dispose();
        _recorder.Observe();
        Assert.Equal(new long[] { 2 }, _recorder.Of("storegen.store.items"));
    }

    [Fact]
    public void Only_sweeps_that_expire_items_count_expirations()
    {
        var clock = TestClock.New();
        using var store = new SessionStore(new StoreOptions { Meter = _meter, TimeProvider = clock });
        store.Upsert(new Session("a", "ann", clock.GetUtcNow().AddMinutes(1)));
        store.Upsert(new Session("b", "bob", clock.GetUtcNow().AddMinutes(1)));
        Assert.Equal(0, store.Sweep());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, store.Sweep());

        Assert.Equal(new long[] { 2 }, _recorder.Of("storegen.store.expirations"));
        Assert.Equal(new long[] { 2 }, _recorder.Of("storegen.store.changes", "storegen.change.kind", "expired"));
    }
}
