using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>The change feed's window at its edges: full, just overrun, and overwritten by a rolled-back transaction.</summary>
public class ChangeRingTests
{
    [Fact]
    public void Exactly_a_full_window_of_changes_is_served_and_one_more_resets()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 4 });
        store.UpsertMany(Enumerable.Range(0, 4).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));

        var full = store.GetChangesSince(0);
        Assert.False(full.Reset);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, full.Changes.Select(c => c.Version));
        Assert.Equal(new[] { "i0", "i1", "i2", "i3" }, full.Changes.Select(c => c.Item.Name));

        store.Upsert(Make.Ingress("ns", "i4", uid: 4));
        Assert.True(store.GetChangesSince(0).Reset);
        Assert.Equal(new long[] { 2, 3, 4, 5 }, store.GetChangesSince(1).Changes.Select(c => c.Version));
    }

    [Fact]
    public void A_cursor_far_behind_resets_without_gathering_the_changes_it_missed()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 16 });
        var item = Make.Ingress("ns", "a", uid: 1);
        for (int n = 0; n < 50_000; n++)
        {
            item = Make.Ingress("ns", "a", port: n, uid: 1);   // a different item each time: an equal one is not a change
            store.Upsert(item);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var set = store.GetChangesSince(1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(set.Reset);
        Assert.Same(item, Assert.Single(set.Items));
        Assert.True(allocated < 64 * 1024, $"a reset of one item allocated {allocated} bytes");   // not one slot per missed version
    }

    [Fact]
    public void Changes_overwritten_by_a_rolled_back_transaction_are_never_served_as_the_old_ones()
    {
        var store = new IngressStore(new StoreOptions { ChangeFeedCapacity = 4 });
        store.UpsertMany(Enumerable.Range(0, 4).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));

        // Versions 5 and 6 are written to the slots of versions 1 and 2, then rolled back by the unique clash.
        Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("ns", "new", uid: 100), Make.Ingress("ns", "clash", uid: 1) }));
        Assert.Equal(4, store.Version);

        var set = store.GetChangesSince(0);
        Assert.True(set.Reset);
        Assert.Equal(new[] { "i0", "i1", "i2", "i3" }, set.Items.Select(i => i.Name));
        Assert.Equal(new[] { "i2", "i3" }, store.GetChangesSince(2).Changes.Select(c => c.Item.Name));   // untouched slots still serve
    }
}
