using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Edges of the write path that the broad behaviour tests pass over: first entries, removal-only writes, a disabled feed.</summary>
public class EngineEdgeTests
{
    /// <summary>How long a test waits for something that must happen promptly before it fails instead of hanging.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void TryAdd_on_the_key_of_the_first_item_ever_stored_keeps_it()
    {
        var store = new IngressStore();
        var first = Make.Ingress("ns", "a", port: 1, uid: 1);
        store.Upsert(first);

        Assert.False(store.TryAdd(first with { Port = 2 }));
        Assert.Same(first, store.Get("ns", "a"));
        Assert.Equal(1, store.Version);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task A_write_that_only_removes_wakes_watchers()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        await using var watch = store.WatchAsync(store.Version).GetAsyncEnumerator();
        var next = watch.MoveNextAsync().AsTask();   // registers, then waits: nothing changed after the cursor yet
        Assert.False(next.IsCompleted);

        Assert.True(store.Remove("ns", "a"));
        Assert.True(await next.WaitAsync(Bound));
        var change = Assert.Single(watch.Current.Changes);
        Assert.Equal(ChangeKind.Removed, change.Kind);
        Assert.Equal("a", change.Item.Name);
    }

    [Fact]
    public void Removals_are_counted_in_the_change_metric()
    {
        using var meter = new Meter("StoreGen.Tests.Edges." + Guid.NewGuid());
        using var recorder = new MeasurementRecorder(meter);
        using var store = new IngressStore(new StoreOptions { Meter = meter });
        store.UpsertMany(Enumerable.Range(0, 4).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));

        store.Remove("ns", "i0");
        store.RemoveMany(new[] { new IngressStore.Key("ns", "i1"), new IngressStore.Key("ns", "i2") });
        store.RemoveWhere(i => i.Name == "i3");

        Assert.Equal(4, recorder.Of("storegen.store.changes", "storegen.change.kind", "added").Sum());
        Assert.Equal(4, recorder.Of("storegen.store.changes", "storegen.change.kind", "removed").Sum());
        Assert.Equal(0, recorder.Of("storegen.store.changes", "storegen.change.kind", "updated").Sum());
        Assert.Equal(0, recorder.Of("storegen.store.changes", "storegen.change.kind", "expired").Sum());
    }

    [Fact]
    public void With_the_change_feed_off_writes_work_and_every_read_of_changes_is_a_reset()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 0 });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        store.UpsertMany(new[] { Make.Ingress("ns", "b", uid: 2), Make.Ingress("ns", "c", uid: 3) });
        Assert.True(store.Remove("ns", "a"));
        Assert.Equal(4, store.Version);

        var set = store.GetChangesSince(3);
        Assert.True(set.Reset);
        Assert.Empty(set.Changes);
        Assert.Equal(new[] { "b", "c" }, set.Items.Select(i => i.Name).Order());
        Assert.Equal(4, set.NextCursor);

        var current = store.GetChangesSince(4);   // up to date: nothing to resynchronize
        Assert.False(current.Reset);
        Assert.Empty(current.Changes);
    }

    [Fact]
    public void A_batch_writing_one_key_twice_with_the_same_unique_value_is_accepted()
    {
        var store = new IngressStore();
        var second = Make.Ingress("ns", "a", port: 2, uid: 7);
        store.UpsertMany(new[] { Make.Ingress("ns", "a", port: 1, uid: 7), second });

        Assert.Same(second, store.Get("ns", "a"));
        Assert.Same(second, store.GetByUid(Make.Uid(7)));
        Assert.Equal(1, store.Count);
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void Replacing_a_prefix_skips_removed_entries_kept_items_and_other_prefixes_sharing_its_buckets()
    {
        var store = new IngressStore();
        // Forty prefixes over sixteen index buckets: several share a chain with "a".
        store.UpsertMany(Enumerable.Range(0, 40).Select(n => Make.Ingress($"p{n}", "x", uid: 100 + n)));
        var kept = Make.Ingress("a", "1", uid: 1);
        store.UpsertMany(new[] { kept, Make.Ingress("a", "2", uid: 2), Make.Ingress("a", "3", uid: 3) });
        store.Remove("a", "2");   // a removed entry left in the prefix's chain
        store.Upsert(Make.Ingress("a", "3", port: 9, uid: 3));   // and a replaced one
        long version = store.Version;

        var added = Make.Ingress("a", "4", uid: 4);
        store.ReplaceAll("a", new[] { kept, added });

        var changes = store.GetChangesSince(version).Changes;
        Assert.Equal(new[] { (ChangeKind.Removed, "3"), (ChangeKind.Added, "4") }, changes.Select(c => (c.Kind, c.Item.Name)));
        Assert.Equal(version + 2, store.Version);
        Assert.Equal(42, store.Count);
        Assert.Same(kept, store.Get("a", "1"));
        Assert.Equal(new[] { "1", "4" }, store.Find("a").Select(i => i.Name).Order());
        Assert.All(Enumerable.Range(0, 40), n => Assert.NotNull(store.Get($"p{n}", "x")));
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void A_rejected_write_undoes_only_itself_never_earlier_committed_writes()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });
        store.Remove("ns", "a");
        store.Upsert(Make.Ingress("ns", "b", port: 2, uid: 2));
        long version = store.Version;

        Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "c", uid: 2)));   // unique clash
        store.Upsert(Make.Ingress("ns", "d", uid: 4));

        Assert.Null(store.Get("ns", "a"));
        Assert.Null(store.Get("ns", "c"));
        Assert.Equal(2, store.Get("ns", "b")!.Port);
        Assert.Equal(new[] { "b", "d" }, store.Select(i => i.Name));
        Assert.Equal(version + 1, store.Version);
        Assert.Equal(2, store.Count);
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void Whole_store_writes_pass_over_entries_already_removed_or_replaced()
    {
        var store = new IngressStore();
        store.UpsertMany(Enumerable.Range(0, 6).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        store.Remove("ns", "i1");
        store.Upsert(Make.Ingress("ns", "i2", port: 2, uid: 2));   // the old i2 entry stays behind, replaced
        long version = store.Version;

        Assert.Equal(2, store.RemoveWhere(i => i.Name is "i1" or "i2" or "i3"));   // i1 is gone already; old i2 is not live
        Assert.Equal(version + 2, store.Version);
        Assert.Equal(new[] { "i0", "i4", "i5" }, store.Select(i => i.Name));

        store.Remove("ns", "i4");
        version = store.Version;
        var kept = store.Get("ns", "i0")!;
        store.ReplaceAll(new[] { kept, Make.Ingress("ns", "i9", uid: 9) });
        Assert.Equal(new[] { (ChangeKind.Removed, "i5"), (ChangeKind.Added, "i9") },
            store.GetChangesSince(version).Changes.Select(c => (c.Kind, c.Item.Name)));
        Assert.Equal(2, store.Count);
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void Clearing_an_empty_store_is_no_change()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        store.Remove("ns", "a");
        store.Clear();
        Assert.Equal(2, store.Version);
        Assert.Empty(store.GetChangesSince(2).Changes);

        store.Upsert(Make.Ingress("ns", "b", uid: 1));
        Assert.Equal(new[] { "b" }, store.Select(i => i.Name));
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void Remove_rejects_an_invalid_key_naming_the_operation_and_the_key_member()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "a", uid: 1));

        var error = Assert.Throws<StoreException>(() => store.Remove(null!, "a"));
        Assert.Equal("IngressStore", error.StoreName);
        Assert.Equal("Remove", error.Operation);
        Assert.Equal(new object?[] { null, "a" }, error.Keys);
        Assert.Contains("'Namespace' is null", error.Reason);
        Assert.Equal(1, store.Version);
    }

    [Fact]
    public void RemoveMany_checks_every_key_before_removing_any()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });

        var error = Assert.Throws<StoreException>(() =>
            store.RemoveMany(new[] { new IngressStore.Key("ns", "a"), new IngressStore.Key("ns", null!) }));
        Assert.Equal("RemoveMany", error.Operation);
        Assert.Equal(new object?[] { "ns", null }, error.Keys);
        Assert.Contains("'Name' is null", error.Reason);
        Assert.Equal(2, store.Count);
        Assert.NotNull(store.Get("ns", "a"));

        var missing = Assert.Throws<ArgumentNullException>(() => store.RemoveMany(null!));
        Assert.Equal("keys", missing.ParamName);
        Assert.Equal(2, store.Version);
    }
}
