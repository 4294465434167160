using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

public class MetricsTests
{
    [Fact]
    public void Instruments_report_changes_rejections_expirations_resets_and_item_count()
    {
        using var meter = new Meter("StoreGen.Tests." + Guid.NewGuid());
        var measured = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Add((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => measured.Add((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        var clock = TestClock.New();
        using var store = new IngressStore(new StoreOptions { Meter = meter, TimeProvider = clock, DefaultTimeToLive = TimeSpan.FromMinutes(1), ChangeFeedCapacity = 2 });
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });
        store.Upsert(Make.Ingress("ns", "a", port: 2, uid: 1));
        Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "c", uid: 2)));
        clock.Advance(TimeSpan.FromMinutes(2));
        store.Sweep();
        Assert.True(store.GetChangesSince(0).Reset);
        listener.RecordObservableInstruments();

        long Sum(string name, string tag, string value) => measured.Where(m => m.Instrument == name && Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);
        Assert.All(measured, m => Assert.Equal("IngressStore", m.Tags["storegen.store"]));
        Assert.Equal(2, Sum("storegen.store.changes", "storegen.change.kind", "added"));
        Assert.Equal(1, Sum("storegen.store.changes", "storegen.change.kind", "updated"));
        Assert.Equal(2, Sum("storegen.store.changes", "storegen.change.kind", "expired"));
        Assert.Equal(1, Sum("storegen.store.rejected_writes", "storegen.reason", "unique"));
        Assert.Equal(2, measured.Where(m => m.Instrument == "storegen.store.expirations").Sum(m => m.Value));
        Assert.Equal(1, measured.Where(m => m.Instrument == "storegen.store.change_feed.resets").Sum(m => m.Value));
        Assert.Equal(0, measured.Last(m => m.Instrument == "storegen.store.items").Value);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }
        return result;
    }
}
