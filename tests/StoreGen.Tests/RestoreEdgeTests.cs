using System;
using System.Linq;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Restores at the edges the broad restore tests pass over: restored items under a DefaultTimeToLive, a merge that
/// fills the change feed exactly or overruns it, and a snapshot larger than the store's initial capacity.
/// </summary>
public sealed class RestoreEdgeTests
{
    private static byte[] SnapshotOf(params Ingress[] items)
    {
        var source = new IngressStore();
        source.UpsertMany(items);
        return SnapshotDocument.Write(new IPersistableStore[] { source }, TestClock.Start).Document;
    }

    private static Ingress[] Items(string prefix, int count) =>
        Enumerable.Range(0, count).Select(n => Make.Ingress("ns", $"{prefix}{n}", uid: n)).ToArray();

    [Fact]
    public void Restored_items_expire_a_time_to_live_after_the_restore_and_are_counted_out_before_any_sweep()
    {
        var clock = TestClock.New();
        var store = new IngressStore(new StoreOptions { DefaultTimeToLive = TimeSpan.FromSeconds(100), TimeProvider = clock });
        store.Upsert(Make.Ingress("ns", "replaced", uid: 99));
        clock.Advance(TimeSpan.FromSeconds(50));

        SnapshotDocument.Restore(SnapshotOf(Items("r", 3)), new[] { store });
        clock.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(3, store.Count);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, store.Count);
        Assert.Empty(store.ToArray());
        long version = store.Version;
        Assert.Equal(3, store.Sweep());
        Assert.All(store.GetChangesSince(version).Changes, c => Assert.Equal(ChangeKind.Expired, c.Kind));
    }

    /// <summary>Merges <paramref name="count"/> items into a store with one item and a change feed of four; returns the version before.</summary>
    private static (IngressStore Store, long Before) MergedIntoFeedOfFour(int count)
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 4 });
        store.Upsert(Make.Ingress("ns", "app", uid: 100));
        long before = store.Version;
        SnapshotDocument.Restore(SnapshotOf(Items("m", count)), new[] { store }, RestoreMode.Merge);
        return (store, before);
    }

    [Fact]
    public void A_merge_that_fills_the_change_feed_exactly_is_listed_change_by_change()
    {
        var (store, version) = MergedIntoFeedOfFour(4);

        var changes = store.GetChangesSince(version);
        Assert.False(changes.Reset);
        Assert.Equal(new[] { "m0", "m1", "m2", "m3" }, changes.Changes.Select(c => c.Item.Name));
        Assert.All(changes.Changes, c => Assert.Equal(ChangeKind.Added, c.Kind));
        Assert.Equal(version + 4, store.Version);
    }

    [Fact]
    public void A_merge_larger_than_the_change_feed_resets_watchers_behind_it()
    {
        var (store, version) = MergedIntoFeedOfFour(5);

        var changes = store.GetChangesSince(version);
        Assert.True(changes.Reset);
        Assert.Equal(6, changes.Items.Count);
        Assert.Equal(version + 5, store.Version);
    }

    [Fact]
    public void A_snapshot_larger_than_the_initial_capacity_is_restored_whole_by_replace_and_by_merge()
    {
        var replaced = new IngressStore(new StoreOptions { InitialCapacity = 4 });
        SnapshotDocument.Restore(SnapshotOf(Items("r", 300)), new[] { replaced });
        Assert.Equal(300, replaced.Count);
        Assert.Equal(Items("r", 300).Select(i => i.Name), replaced.Select(i => i.Name));
        Invariants.Check(replaced.Snapshot());

        var merged = new IngressStore(new StoreOptions { InitialCapacity = 4 });
        merged.UpsertMany(Enumerable.Range(1000, 40).Select(n => Make.Ingress("app", $"a{n}", uid: n)));
        SnapshotDocument.Restore(SnapshotOf(Items("r", 300)), new[] { merged }, RestoreMode.Merge);
        Assert.Equal(340, merged.Count);
        Assert.Equal(Make.Uid(7), merged.Get("ns", "r7")!.Uid);
        Assert.Equal("a1039", merged.Select(i => i.Name).Last());   // what the application wrote stays newest in store order
        Invariants.Check(merged.Snapshot());
    }
    [Fact]
    public async Task A_restore_wakes_watchers_with_a_reset_to_what_was_restored()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "old", uid: 50));
        await using var watch = store.WatchAsync(store.Version).GetAsyncEnumerator();
        var next = watch.MoveNextAsync().AsTask();   // registers, then waits: nothing changed after the cursor yet
        Assert.False(next.IsCompleted);

        SnapshotDocument.Restore(SnapshotOf(Items("r", 2)), new[] { store });

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30)));   // a bound, not a wait: the restore has happened
        Assert.True(watch.Current.Reset);
        Assert.Equal(new[] { "r0", "r1" }, watch.Current.Items.Select(i => i.Name));
    }
    [Fact]
    public void Replacing_with_an_empty_snapshot_moves_the_version_forward_and_resets_watchers()
    {
        var store = new IngressStore();
        store.UpsertMany(Items("i", 3));
        long version = store.Version;

        SnapshotDocument.Restore(SnapshotOf(), new[] { store });

        Assert.Equal(0, store.Count);
        Assert.True(store.Version > version, $"version {store.Version} after {version}");
        var changes = store.GetChangesSince(version);
        Assert.True(changes.Reset);
        Assert.Empty(changes.Items);
    }

    [Fact]
    public void Restored_items_with_their_own_expiry_are_counted_out_one_by_one()
    {
        var clock = TestClock.New();
        var source = new SessionStore(new StoreOptions { TimeProvider = TestClock.New() });
        source.UpsertMany(new[] { new Session("late", "u", TestClock.Start.AddSeconds(100)), new Session("soon", "u", TestClock.Start.AddSeconds(10)) });
        var store = new SessionStore(new StoreOptions { TimeProvider = clock });

        SnapshotDocument.Restore(SnapshotDocument.Write(new IPersistableStore[] { source }, TestClock.Start).Document, new[] { store });
        clock.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(1, store.Count);
        Assert.Equal("late", Assert.Single(store.ToArray()).Id);
    }

    [Fact]
    public void A_merge_leaves_out_an_item_whose_unique_value_the_first_stored_item_holds()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "first", uid: 1));

        SnapshotDocument.Restore(SnapshotOf(Make.Ingress("ns", "clash", uid: 1), Make.Ingress("ns", "fine", uid: 2)), new[] { store }, RestoreMode.Merge);

        Assert.Equal(new[] { "fine", "first" }, store.Select(i => i.Name));
        Assert.Equal("first", store.GetByUid(Make.Uid(1))!.Name);
    }
}
