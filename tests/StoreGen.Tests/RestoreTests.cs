using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Restores go through the engine's own path and are all-or-nothing across the stores of a snapshot.</summary>
public sealed class RestoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-restore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Document(string stores) =>
        "{\"format\":1,\"persistedAt\":\"2026-01-01T00:00:00+00:00\",\"stores\":{" + stores + "}}";

    private static string Ingress(string ns, string name, int uid) =>
        $"{{\"namespace\":{(ns is null ? "null" : $"\"{ns}\"")},\"name\":\"{name}\",\"host\":\"h\",\"port\":80,\"uid\":\"{new Guid(uid, 0, 0, new byte[8])}\"}}";

    [Fact]
    public async Task A_follower_whose_write_guard_refuses_every_write_and_whose_limit_is_lower_still_restores()
    {
        var source = new IngressStore();
        source.UpsertMany(Enumerable.Range(0, 5).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "follower.json"));
        var leader = new PersistentStoreGroup(backend, new[] { source });
        await leader.RestoreAsync();
        await leader.PersistAsync();

        var follower = new IngressStore(new StoreOptions<Ingress> { WriteGuard = (in WriteAttempt<Ingress> _) => "this replica is a read-only follower", MaxCount = 2 });
        var group = new PersistentStoreGroup(backend, new[] { follower });
        Assert.Equal(RestoreOutcome.Restored, await group.RestoreAsync());
        Assert.Null(group.RestoreError);
        Assert.Equal(source.ToArray(), follower.ToArray());
        Invariants.Check(follower.Snapshot());
        var refused = Assert.Throws<StoreException>(() => follower.Upsert(Make.Ingress("ns", "new", uid: 99)));
        Assert.Contains("read-only follower", refused.Message, StringComparison.Ordinal);   // the guard still guards writes
    }

    [Fact]
    public void A_unique_index_clash_in_the_second_store_leaves_the_first_unchanged_and_names_the_keys()
    {
        var invoices = new InvoiceStore();
        invoices.Upsert(new Invoice(1, Tier.Free, 1m));
        var ingresses = new IngressStore();
        string document = Document(
            "\"InvoiceStore\":{\"items\":[{\"number\":2,\"tier\":\"Pro\",\"amount\":2}],\"version\":1},"
            + "\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 7) + "," + Ingress("ns", "b", 7) + "],\"version\":2}");

        var error = Assert.Throws<SnapshotFormatException>(() =>
            SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new IPersistableStore[] { invoices, ingresses }));
        Assert.StartsWith("IngressStore.Restore [ns, b]: item 1 of the snapshot: unique index 'Uid' already holds", error.Message, StringComparison.Ordinal);
        Assert.Contains("for key [ns, a]", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 1 }, invoices.Select(i => i.Number));   // the first store was read fine but not applied
        Assert.Equal(0, ingresses.Count);
    }

    [Fact]
    public void A_key_twice_in_a_document_is_an_error_not_a_silent_merge()
    {
        var ingresses = new IngressStore();
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 1) + "," + Ingress("ns", "b", 2) + "," + Ingress("ns", "a", 3) + "]}");
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses }));
        Assert.StartsWith("IngressStore.Restore [ns, a]: items 0 and 2 of the snapshot have the same key", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ingresses.Count);
    }

    [Fact]
    public void A_null_key_member_is_an_error_naming_the_item_and_the_member()
    {
        var ingresses = new IngressStore();
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 1) + "," + Ingress(null!, "b", 2) + "]}");
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses }));
        Assert.StartsWith("IngressStore.Restore [null, b]: item 1 of the snapshot: key member 'Namespace' is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_keeps_what_the_application_wrote_and_adds_the_rest_from_the_snapshot()
    {
        var ingresses = new IngressStore();
        ingresses.Upsert(Make.Ingress("ns", "a", uid: 100) with { Host = "written-since-startup" });
        ingresses.Upsert(Make.Ingress("ns", "c", uid: 3));   // holds uid 3, which the snapshot's ns/d also holds
        long before = ingresses.Version;
        var changes = ingresses.GetChangesSince(before);
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 1) + "," + Ingress("ns", "b", 2) + "," + Ingress("ns", "d", 3) + "]}");

        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses }, RestoreMode.Merge);

        Assert.Equal("written-since-startup", ingresses.Get("ns", "a")!.Host);
        Assert.Equal("h", ingresses.Get("ns", "b")!.Host);
        Assert.Null(ingresses.Get("ns", "d"));                // its unique uid is taken by what the application wrote
        Assert.Equal(new[] { "b", "a", "c" }, ingresses.Select(i => i.Name));   // snapshot items are older: first in store order
        Assert.Equal(before + 1, ingresses.Version);
        var added = Assert.Single(ingresses.GetChangesSince(before).Changes);
        Assert.Equal(("b", ChangeKind.Added), (added.Item.Name, added.Kind));
        Invariants.Check(ingresses.Snapshot());
        Assert.Empty(changes.Changes);
    }

    [Fact]
    public void Replacing_publishes_exactly_the_snapshot_and_resets_watchers()
    {
        var ingresses = new IngressStore();
        ingresses.Upsert(Make.Ingress("ns", "old", uid: 50));
        long cursor = ingresses.Version;
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 1) + "," + Ingress("ns", "b", 2) + "]}");
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses });
        Assert.Equal(new[] { "a", "b" }, ingresses.Select(i => i.Name));
        Assert.True(ingresses.Version > cursor);
        Assert.True(ingresses.GetChangesSince(cursor).Reset);
        Invariants.Check(ingresses.Snapshot());
        ingresses.Upsert(Make.Ingress("ns", "after", uid: 60));   // the restored table takes writes as usual
        Assert.Equal(3, ingresses.Count);
        Invariants.Check(ingresses.Snapshot());
    }

    [Fact]
    public void Merging_keeps_the_expiry_of_what_the_application_wrote()
    {
        var clock = TestClock.New();
        var ingresses = new IngressStore(new StoreOptions { DefaultTimeToLive = TimeSpan.FromSeconds(100), TimeProvider = clock });
        ingresses.Upsert(Make.Ingress("ns", "live", uid: 1));
        clock.Advance(TimeSpan.FromSeconds(60));
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "b", 2) + "]}");
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses }, RestoreMode.Merge);
        clock.Advance(TimeSpan.FromSeconds(50));   // 110 s after the application's write, 50 s after the merge
        Assert.Null(ingresses.Get("ns", "live"));
        Assert.NotNull(ingresses.Get("ns", "b"));
    }

    [Fact]
    public void A_restore_is_not_counted_as_writes_or_rejections()
    {
        using var meter = new System.Diagnostics.Metrics.Meter("restore-test-" + Guid.NewGuid().ToString("N"));
        var counted = new System.Collections.Generic.List<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name is "storegen.store.changes" or "storegen.store.rejected_writes")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => counted.Add(instrument.Name));
        listener.Start();
        var ingresses = new IngressStore(new StoreOptions<Ingress> { Meter = meter, MaxCount = 1, WriteGuard = (in WriteAttempt<Ingress> _) => "follower" });
        string document = Document("\"IngressStore\":{\"items\":[" + Ingress("ns", "a", 1) + "," + Ingress("ns", "b", 2) + "]}");
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { ingresses });
        Assert.Equal(2, ingresses.Count);
        Assert.Empty(counted);
        Assert.Throws<StoreException>(() => ingresses.Upsert(Make.Ingress("ns", "c", uid: 3)));
        Assert.Equal(new[] { "storegen.store.rejected_writes" }, counted);   // the application's writes still count
    }
}
