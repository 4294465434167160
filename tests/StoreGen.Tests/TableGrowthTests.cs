using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The entry table is rebuilt only when it is full, so the O(n) copy is paid once per Θ(n) writes. Observed through
/// what writes allocate on the calling thread: a rebuild of a 10,000-item table allocates about a megabyte, a write
/// into a table with room a few hundred bytes.
/// </summary>
public class TableGrowthTests
{
    private const int Items = 10_000;

    /// <summary>Far above what a hundred writes without a rebuild allocate, far below one rebuild of a 10,000-item table.</summary>
    private const long WithoutRebuild = 128 * 1024;

    [Fact]
    public void Writes_into_a_table_with_room_do_not_rebuild_it()
    {
        var store = new IngressStore();
        store.UpsertMany(Enumerable.Range(0, Items).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        var updates = Enumerable.Range(0, 100).Select(n => Make.Ingress("ns", $"i{n}", port: 2, uid: n)).ToArray();
        var added = Enumerable.Range(Items, 100).Select(n => Make.Ingress("ns", $"i{n}", uid: n)).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var item in updates)
        {
            store.Upsert(item);
        }
        foreach (var item in added)
        {
            store.TryAdd(item);
        }
        store.Remove("ns", "i0");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < WithoutRebuild, $"201 writes with room to spare allocated {allocated} bytes");
        Assert.Equal(Items + 99, store.Count);
        Assert.Equal(2, store.Get("ns", "i99")!.Port);
    }

    [Fact]
    public void A_bulk_load_sizes_the_table_for_about_its_items()
    {
        var items = Enumerable.Range(0, Items).Select(n => Make.Ingress("ns", $"i{n}", uid: n)).ToArray();
        var store = new IngressStore();

        long before = GC.GetAllocatedBytesForCurrentThread();
        store.UpsertMany(items);
        long perItem = (GC.GetAllocatedBytesForCurrentThread() - before) / Items;

        // An entry with its index links and buckets takes about a hundred bytes; room for a third more items is
        // allowed, room for three times as many is not.
        Assert.True(perItem < 200, $"loading {Items} items allocated {perItem} bytes per item");
        Assert.Equal(Items, store.Count);
    }

    [Fact]
    public void Rewriting_every_item_over_and_over_rebuilds_the_table_once_per_store_size_of_writes()
    {
        var store = new IngressStore();
        store.UpsertMany(Enumerable.Range(0, Items).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        var rewrites = Enumerable.Range(0, Items).Select(n => Make.Ingress("ns", $"i{n}", port: 2, uid: n)).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 3; round++)
        {
            foreach (var item in rewrites)
            {
                store.Upsert(item);
            }
        }
        long perWrite = (GC.GetAllocatedBytesForCurrentThread() - before) / (3 * Items);

        // A churned table is rebuilt with room for as many writes again as it holds items (about 150 bytes per
        // write, plus the published state); with only a third more room it would be rebuilt three times as often.
        Assert.True(perWrite < 300, $"rewrites allocated {perWrite} bytes each");
        Assert.Equal(Items, store.Count);
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void A_full_table_is_rebuilt_with_room_for_many_more_writes()
    {
        var store = new IngressStore();
        var items = Enumerable.Range(0, Items).Select(n => Make.Ingress("ns", $"i{n}", uid: n)).ToArray();
        foreach (var item in items)
        {
            store.Upsert(item);   // grows one write at a time: a rebuild per write would allocate gigabytes
        }
        var rewrites = items.Select(i => i with { Port = 3 }).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var item in rewrites.Take(1000))
        {
            store.Upsert(item);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // At most one rebuild (about a megabyte) for a thousand writes into a 10,000-item store.
        Assert.True(allocated < 3 * 1024 * 1024, $"1,000 rewrites allocated {allocated} bytes");
        Assert.Equal(Items, store.Count);
        Invariants.Check(store.Snapshot());
    }
}
