using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Tests;

public class ChangeFeedTests
{
    [Fact]
    public void Every_change_gets_the_next_version_with_its_kind_and_item()
    {
        var store = new IngressStore();
        var a = Make.Ingress("ns", "a", uid: 1);
        var a2 = a with { Port = 2 };
        var b = Make.Ingress("ns", "b", uid: 2);
        store.Upsert(a);
        store.Upsert(a2);
        store.Upsert(b);
        store.Remove("ns", "a");

        var set = store.GetChangesSince(0);
        Assert.False(set.Reset);
        Assert.Equal(4, set.NextCursor);
        Assert.Equal(new[]
        {
            new Change<Ingress>(ChangeKind.Added, a, 1),
            new Change<Ingress>(ChangeKind.Updated, a2, 2),
            new Change<Ingress>(ChangeKind.Added, b, 3),
            new Change<Ingress>(ChangeKind.Removed, a2, 4),
        }, set.Changes);
        Assert.Empty(store.GetChangesSince(4).Changes);
        Assert.Equal(4, store.GetChangesSince(4).NextCursor);
    }

    [Fact]
    public void Snapshot_plus_changes_since_its_version_equals_the_live_state()
    {
        var store = new IngressStore();
        for (int n = 0; n < 50; n++)
        {
            store.Upsert(Make.Ingress("ns", $"i{n}", uid: n));
        }
        var snapshot = store.Snapshot();
        var replica = snapshot.ToArray().ToDictionary(i => (i.Namespace, i.Name));

        store.UpsertMany(Enumerable.Range(40, 20).Select(n => Make.Ingress("ns", $"i{n}", host: "moved", uid: n)));
        store.RemoveWhere(i => i.Name.EndsWith('7'));
        store.ReplaceAll("other", new[] { Make.Ingress("other", "x", uid: 500) });

        var set = store.GetChangesSince(snapshot.Version);
        Assert.False(set.Reset);
        long expected = snapshot.Version;
        foreach (var change in set.Changes)
        {
            Assert.Equal(++expected, change.Version);
            if (change.Kind is ChangeKind.Removed or ChangeKind.Expired)
            {
                Assert.True(replica.Remove((change.Item.Namespace, change.Item.Name)));
            }
            else
            {
                replica[(change.Item.Namespace, change.Item.Name)] = change.Item;
            }
        }
        Assert.Equal(store.Version, set.NextCursor);
        Assert.Equal(store.ToArray().OrderBy(i => i.Name), replica.Values.OrderBy(i => i.Name));
    }

    [Fact]
    public void A_cursor_older_than_the_retained_window_resets_with_every_item()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 4 });
        for (int n = 0; n < 10; n++)
        {
            store.Upsert(Make.Ingress("ns", $"i{n}", uid: n));
        }
        Assert.False(store.GetChangesSince(6).Reset);
        Assert.Equal(4, store.GetChangesSince(6).Changes.Count);

        var reset = store.GetChangesSince(5);
        Assert.True(reset.Reset);
        Assert.Empty(reset.Changes);
        Assert.Equal(10, reset.NextCursor);
        Assert.Equal(store.ToArray(), reset.Items);

        Assert.True(store.GetChangesSince(11).Reset);   // from the future
        Assert.True(store.GetChangesSince(-1).Reset);
    }

    [Fact]
    public void A_batch_larger_than_the_window_resets_older_cursors_and_a_rolled_back_batch_leaves_no_trace()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 8 });
        store.Upsert(Make.Ingress("ns", "first", uid: 0));
        store.UpsertMany(Enumerable.Range(1, 20).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        Assert.True(store.GetChangesSince(1).Reset);
        Assert.Empty(store.GetChangesSince(store.Version).Changes);

        long version = store.Version;
        Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("ns", "new", uid: 100), Make.Ingress("ns", "clash", uid: 1) }));
        Assert.Equal(version, store.Version);
        var after = store.GetChangesSince(version);
        Assert.False(after.Reset);
        Assert.Empty(after.Changes);

        store.Upsert(Make.Ingress("ns", "next", uid: 101));
        var next = store.GetChangesSince(version);
        Assert.Equal("next", Assert.Single(next.Changes).Item.Name);
    }

    [Fact]
    public void Clear_reports_each_removal_or_resets_when_they_do_not_fit()
    {
        var small = new IngressStore(new StoreOptions { ChangeFeedCapacity = 100 });
        small.UpsertMany(Enumerable.Range(0, 3).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        small.Clear();
        Assert.Equal(3, small.GetChangesSince(3).Changes.Count(c => c.Kind == ChangeKind.Removed));

        var large = new IngressStore(new StoreOptions { ChangeFeedCapacity = 2 });
        large.UpsertMany(Enumerable.Range(0, 3).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        large.Clear();
        var set = large.GetChangesSince(3);
        Assert.True(set.Reset);
        Assert.Empty(set.Items);
    }

    [Fact]
    public async Task Watch_delivers_whole_batches_after_they_are_applied()
    {
        var store = new IngressStore();
        await using var watch = store.WatchAsync(store.Version).GetAsyncEnumerator();
        var first = watch.MoveNextAsync();   // registers, then waits for a change
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });
        Assert.True(await first);
        Assert.Equal(2, watch.Current.Changes.Count);
        Assert.Equal(2, watch.Current.NextCursor);
        Assert.NotNull(store.Get("ns", "a"));   // applied before it was delivered

        store.Remove("ns", "a");
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(ChangeKind.Removed, Assert.Single(watch.Current.Changes).Kind);
    }

    [Fact]
    public async Task A_subscriber_that_does_not_read_never_blocks_writers_and_later_resynchronizes()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 16 });
        await using var stalled = store.WatchAsync(0).GetAsyncEnumerator();
        var pending = stalled.MoveNextAsync();
        for (int n = 0; n < 10_000; n++)
        {
            // Every write changes its item (a write of an equal item is no change), so the ring overflows many times.
            store.Upsert(Make.Ingress("ns", $"i{n % 100}", port: n, uid: n % 100));
        }
        Assert.Equal(10_000, store.Version);
        Assert.True(await pending);
        // It was woken by the first write and read at some version up to the last; wherever that was, reading on
        // catches up, through a reset since the ring keeps 16 of the 10,000 changes, to exactly what the store holds.
        var sets = new List<ChangeSet<Ingress>> { stalled.Current };
        while (sets[^1].NextCursor < store.Version)
        {
            Assert.True(await stalled.MoveNextAsync());
            sets.Add(stalled.Current);
        }
        Assert.Contains(sets, s => s.Reset);
        var seen = new Dictionary<string, int>();
        foreach (var set in sets)
        {
            if (set.Reset)
            {
                seen = set.Items.ToDictionary(i => i.Name, i => i.Port);
            }
            foreach (var change in set.Changes)
            {
                seen[change.Item.Name] = change.Item.Port;
            }
        }
        Assert.Equal(store.Snapshot().ToDictionary(i => i.Name, i => i.Port), seen);
        Assert.All(seen, pair => Assert.True(pair.Value >= 9_900, $"{pair.Key} ends at port {pair.Value}"));
    }

    [Fact]
    public async Task Disposing_the_store_ends_watchers()
    {
        var store = new IngressStore();
        await using var watch = store.WatchAsync(0).GetAsyncEnumerator();
        var next = watch.MoveNextAsync();
        store.Dispose();
        Assert.False(await next);
    }

    [Fact]
    public void A_delta_collapses_the_changes_to_one_entry_per_key_with_a_deleted_flag()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 64 });
        store.Upsert(Make.Ingress("a", "kept", port: 1, uid: 1));
        long cursor = store.Version;
        store.Upsert(Make.Ingress("a", "kept", port: 2, uid: 1));
        store.Upsert(Make.Ingress("a", "gone", uid: 2));
        store.Upsert(Make.Ingress("a", "kept", port: 3, uid: 1));
        store.Remove("a", "gone");
        store.Upsert(Make.Ingress("a", "new", uid: 3));

        var delta = store.GetDeltaSince(cursor);
        Assert.False(delta.Reset);
        Assert.Equal(store.Version, delta.NextCursor);
        Assert.Equal(new[] { ("kept", false, 3), ("gone", true, 80), ("new", false, 80) },
            delta.Entries.Select(e => (e.Item.Name, e.Deleted, e.Item.Port)));
        Assert.Empty(store.GetDeltaSince(store.Version).Entries);

        var reset = store.GetDeltaSince(-1);
        Assert.True(reset.Reset);
        Assert.Equal(new[] { "kept", "new" }, reset.Entries.Select(e => e.Item.Name).Order());
        Assert.All(reset.Entries, e => Assert.False(e.Deleted));
    }
}
