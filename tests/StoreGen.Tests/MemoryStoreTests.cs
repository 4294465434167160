using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

public class MemoryStoreTests
{
    [Fact]
    public void Empty_store_reads_return_nothing_and_are_not_errors()
    {
        var store = new IngressStore();
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.Version);
        Assert.Null(store.Get("default", "web"));
        Assert.False(store.TryGet("default", "web", out _));
        Assert.False(store.ContainsKey("default", "web"));
        Assert.Empty(store.Find("default"));
        Assert.Empty(store.FindByHost("h"));
        Assert.Null(store.GetByUid(Guid.Empty));
        Assert.Empty(store.ToArray());
        Assert.Empty(store.GetByKeys());
        Assert.Empty(store);
        Assert.False(store.Remove("default", "web"));
        store.Clear();
        Assert.Equal(0, store.Version);
    }

    [Fact]
    public void Upsert_get_and_remove_by_full_key()
    {
        var store = new IngressStore();
        var web = Make.Ingress("default", "web", "web.example.com", uid: 1);
        store.Upsert(web);
        Assert.Same(web, store.Get("default", "web"));
        Assert.True(store.TryGet("default", "web", out var found));
        Assert.Same(web, found);
        Assert.Same(web, store.Get(new IngressStore.Key("default", "web")));
        Assert.Equal(new IngressStore.Key("default", "web"), IngressStore.KeyOf(web));
        Assert.Equal(1, store.Count);

        var moved = web with { Host = "other.example.com" };
        store.Upsert(moved);
        Assert.Same(moved, store.Get("default", "web"));
        Assert.Equal(1, store.Count);
        Assert.Empty(store.FindByHost("web.example.com"));
        Assert.Equal(new[] { moved }, store.FindByHost("other.example.com"));

        Assert.True(store.Remove("default", "web"));
        Assert.Null(store.Get("default", "web"));
        Assert.Empty(store.FindByHost("other.example.com"));
        Assert.Null(store.GetByUid(Make.Uid(1)));
        Assert.Equal(0, store.Count);
        Assert.False(store.Remove(new IngressStore.Key("default", "web")));
    }

    [Fact]
    public void Version_moves_by_one_per_applied_change_and_not_for_no_ops()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("a", "1", uid: 1));
        Assert.Equal(1, store.Version);
        store.Upsert(Make.Ingress("a", "1", port: 81, uid: 1));
        Assert.Equal(2, store.Version);
        store.Upsert(Make.Ingress("a", "1", port: 81, uid: 1));   // equal to the stored item: not a change
        Assert.Equal(2, store.Version);
        Assert.False(store.TryAdd(Make.Ingress("a", "1", uid: 2)));
        Assert.Equal(2, store.Version);
        Assert.True(store.TryAdd(Make.Ingress("a", "2", uid: 2)));
        Assert.Equal(3, store.Version);
        Assert.False(store.Remove("a", "missing"));
        Assert.Equal(3, store.Version);
        store.UpsertMany(new[] { Make.Ingress("b", "1", uid: 3), Make.Ingress("b", "2", uid: 4), Make.Ingress("b", "3", uid: 5) });
        Assert.Equal(6, store.Version);
        Assert.Equal(2, store.RemoveMany(new[] { new IngressStore.Key("b", "1"), new IngressStore.Key("b", "2"), new IngressStore.Key("b", "nope") }));
        Assert.Equal(8, store.Version);
        store.Clear();
        Assert.Equal(11, store.Version);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Partial_key_find_returns_exactly_the_items_under_the_prefix_in_store_order()
    {
        var store = new IngressStore();
        for (int n = 0; n < 50; n++)
        {
            store.Upsert(Make.Ingress(n % 2 == 0 ? "even" : "odd", $"i{n}", uid: n));
        }
        var even = store.Find("even");
        Assert.Equal(25, even.Count);
        Assert.All(even, i => Assert.Equal("even", i.Namespace));
        Assert.Equal(Enumerable.Range(0, 25).Select(n => $"i{n * 2}"), even.Select(i => i.Name));
        Assert.Empty(store.Find("none"));
        Assert.Equal(store.Find("odd"), store.GetByKeys("odd").Cast<Ingress>());
    }

    [Fact]
    public void Three_key_store_finds_by_every_prefix_and_composite_index()
    {
        var store = new PlacementStore();
        foreach (var region in new[] { "eu", "us" })
        {
            for (int shard = 0; shard < 3; shard++)
            {
                foreach (var tier in Enum.GetValues<Tier>())
                {
                    store.Upsert(new Placement { Region = region, Shard = shard, Tier = tier, Owner = shard == 0 ? null : "team" + shard });
                }
            }
        }
        Assert.Equal(18, store.Count);
        Assert.Equal(9, store.Find("eu").Count);
        Assert.Equal(3, store.Find("eu", 1).Count);
        Assert.NotNull(store.Get("eu", 1, Tier.Pro));
        Assert.Equal(2, store.FindByOwnerTier("team2", Tier.Free).Count);
        Assert.Equal(2, store.FindByOwnerTier(null, Tier.Enterprise).Count);
        Assert.Equal(3, store.GetByKeys("us", 2).Count);
        Assert.Single(store.GetByKeys("us", 2, Tier.Free));
        Assert.Equal(3, store.KeyCount);
        Assert.Equal(new[] { "Region", "Shard", "Tier" }, store.KeyNames);
        Assert.Equal("PlacementStore", store.StoreName);

        store.ReplaceAll("eu", 1, new[] { new Placement { Region = "eu", Shard = 1, Tier = Tier.Free, Owner = "new" } });
        Assert.Single(store.Find("eu", 1));
        Assert.Equal(3, store.Find("eu", 2).Count);
        Assert.Equal(16, store.Count);
    }

    [Fact]
    public void Keys_are_ordinal_empty_strings_and_unicode_work()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("", "", uid: 1));
        store.Upsert(Make.Ingress("Default", "Web", uid: 2));
        store.Upsert(Make.Ingress("default", "web", uid: 3));
        store.Upsert(Make.Ingress("名前空間", "🚀-ingress", uid: 4));
        Assert.Equal(4, store.Count);
        Assert.Equal(Make.Uid(1), store.Get("", "")!.Uid);
        Assert.Equal(Make.Uid(2), store.Get("Default", "Web")!.Uid);
        Assert.Equal(Make.Uid(3), store.Get("default", "web")!.Uid);
        Assert.Null(store.Get("DEFAULT", "web"));
        Assert.Equal(Make.Uid(4), store.Get("名前空間", "🚀-ingress")!.Uid);
        Assert.Single(store.Find(""));
        Assert.Single(store.Find("名前空間"));
    }

    [Fact]
    public void Null_key_values_are_rejected_with_store_operation_and_keys()
    {
        var store = new IngressStore();
        store.Upsert(Make.Ingress("a", "b", uid: 1));

        var upsert = Assert.Throws<StoreException>(() => store.Upsert(new Ingress(null!, "x", "h", 1, Guid.NewGuid())));
        Assert.Equal("IngressStore", upsert.StoreName);
        Assert.Equal("Upsert", upsert.Operation);
        Assert.Equal(new object?[] { null, "x" }, upsert.Keys);
        Assert.Contains("'Namespace' is null", upsert.Message);

        var get = Assert.Throws<StoreException>(() => store.Get("a", null!));
        Assert.Equal("Get", get.Operation);
        Assert.Contains("'Name' is null", get.Message);

        var find = Assert.Throws<StoreException>(() => store.Find(null!));
        Assert.Equal("Find", find.Operation);

        var many = Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("a", "c", uid: 2), new Ingress("a", null!, "h", 1, Guid.NewGuid()) }));
        Assert.Equal("UpsertMany", many.Operation);
        Assert.Null(store.Get("a", "c"));
        Assert.Equal(1, store.Version);

        Assert.Throws<StoreException>(() => store.Upsert(null!));
    }

    [Fact]
    public void Unique_index_violation_is_rejected_and_changes_nothing()
    {
        var store = new IngressStore();
        var a = Make.Ingress("ns", "a", uid: 1);
        var b = Make.Ingress("ns", "b", uid: 2);
        store.UpsertMany(new[] { a, b });
        long version = store.Version;

        var clash = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "c", uid: 1)));
        Assert.Equal("Upsert", clash.Operation);
        Assert.Equal(new object?[] { "ns", "c" }, clash.Keys);
        Assert.Contains("unique index 'Uid'", clash.Message);
        Assert.Contains("[ns, a]", clash.Message);

        var update = Assert.Throws<StoreException>(() => store.Upsert(b with { Uid = Make.Uid(1) }));
        Assert.Equal("Upsert", update.Operation);

        var batch = Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("ns", "d", uid: 9), Make.Ingress("ns", "e", uid: 2) }));
        Assert.Equal("UpsertMany", batch.Operation);

        Assert.Equal(version, store.Version);
        Assert.Equal(2, store.Count);
        Assert.Same(a, store.GetByUid(Make.Uid(1)));
        Assert.Same(b, store.GetByUid(Make.Uid(2)));
        Assert.Same(b, store.Get("ns", "b"));
        Assert.Null(store.Get("ns", "c"));
        Assert.Null(store.Get("ns", "d"));
        Assert.Null(store.GetByUid(Make.Uid(9)));
        Assert.Equal(new[] { a, b }, store.ToArray());

        // The store keeps working after rollbacks: the same writes without the clash go through.
        store.Upsert(Make.Ingress("ns", "c", uid: 3));
        Assert.Equal(3, store.Count);
        Assert.Equal(version + 1, store.Version);
    }

    [Fact]
    public void A_batch_may_swap_unique_values_because_uniqueness_is_checked_on_the_result()
    {
        var store = new IngressStore();
        var a = Make.Ingress("ns", "a", uid: 1);
        var b = Make.Ingress("ns", "b", uid: 2);
        store.UpsertMany(new[] { a, b });
        store.UpsertMany(new[] { a with { Uid = Make.Uid(2) }, b with { Uid = Make.Uid(1) } });
        Assert.Equal("b", store.GetByUid(Make.Uid(1))!.Name);
        Assert.Equal("a", store.GetByUid(Make.Uid(2))!.Name);
    }

    [Fact]
    public void ReplaceAll_makes_the_store_hold_exactly_the_items_and_skips_unchanged_ones()
    {
        var store = new IngressStore();
        var keep = Make.Ingress("ns", "keep", uid: 1);
        store.UpsertMany(new[] { keep, Make.Ingress("ns", "drop", uid: 2), Make.Ingress("other", "drop", uid: 3) });
        long before = store.Version;

        store.ReplaceAll(new[] { keep, Make.Ingress("ns", "new", uid: 4) });
        Assert.Equal(new[] { "keep", "new" }, store.Select(i => i.Name));
        Assert.Equal(before + 3, store.Version); // two removals, one add; "keep" was equal, not a change

        store.ReplaceAll(store.ToArray());
        Assert.Equal(before + 3, store.Version);
    }

    [Fact]
    public void ReplaceAll_of_a_prefix_touches_only_that_prefix_and_rejects_foreign_items()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("a", "1", uid: 1), Make.Ingress("a", "2", uid: 2), Make.Ingress("b", "1", uid: 3) });
        store.ReplaceAll("a", new[] { Make.Ingress("a", "3", uid: 4) });
        Assert.Equal(new[] { "3" }, store.Find("a").Select(i => i.Name));
        Assert.Single(store.Find("b"));

        long version = store.Version;
        var error = Assert.Throws<StoreException>(() => store.ReplaceAll("a", new[] { Make.Ingress("b", "9", uid: 9) }));
        Assert.Equal("ReplaceAll", error.Operation);
        Assert.Equal(new object?[] { "a" }, error.Keys);
        Assert.Contains("[b, 9]", error.Message);
        Assert.Equal(version, store.Version);
        Assert.Null(store.Get("b", "9"));

        store.ReplaceAll("a", Array.Empty<Ingress>());
        Assert.Empty(store.Find("a"));
        Assert.Single(store.Find("b"));
    }

    [Fact]
    public void Snapshot_is_isolated_from_later_writes_including_table_rebuilds()
    {
        var store = new IngressStore();
        for (int n = 0; n < 100; n++)
        {
            store.Upsert(Make.Ingress("ns", $"i{n}", host: "old", uid: n));
        }
        var snapshot = store.Snapshot();
        var expected = snapshot.ToArray();

        // Enough churn to force several rebuilds of the entry table, and removals.
        for (int round = 0; round < 50; round++)
        {
            for (int n = 0; n < 100; n++)
            {
                store.Upsert(Make.Ingress("ns", $"i{n}", host: "new", uid: n));
            }
        }
        store.Remove("ns", "i0");
        store.Clear();
        store.Upsert(Make.Ingress("ns", "i1", host: "after-clear", uid: 1));

        Assert.Equal(100, snapshot.Count);
        Assert.Equal(100, snapshot.Version);
        Assert.Equal(expected, snapshot.ToArray());
        Assert.Equal(100, snapshot.FindByHost("old").Count);
        Assert.Empty(snapshot.FindByHost("new"));
        Assert.Equal("old", snapshot.Get("ns", "i0")!.Host);
        Assert.Equal(100, snapshot.Find("ns").Count);
        Assert.Equal(Make.Uid(5), snapshot.GetByUid(Make.Uid(5))!.Uid);
        Assert.Equal(1, store.Count);
        Assert.Equal("after-clear", store.Get("ns", "i1")!.Host);
    }

    [Fact]
    public void Many_updates_of_one_key_keep_one_item_and_every_index_clean()
    {
        var store = new IngressStore(new StoreOptions { InitialCapacity = 4 });
        for (int n = 0; n < 10_000; n++)
        {
            store.Upsert(Make.Ingress("ns", "only", host: $"h{n % 3}", uid: n));
        }
        Assert.Equal(1, store.Count);
        Assert.Equal(10_000, store.Version);
        Assert.Single(store.FindByHost("h0"));
        Assert.Empty(store.FindByHost("h1"));
        Assert.Single(store.Find("ns"));
        Assert.Null(store.GetByUid(Make.Uid(9_998)));
        Assert.NotNull(store.GetByUid(Make.Uid(9_999)));
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void Untyped_view_checks_key_count_and_types()
    {
        IIndexedStore store = new PlacementStore();
        ((PlacementStore)store).Upsert(new Placement { Region = "eu", Shard = 1, Tier = Tier.Pro });
        Assert.Single(store.GetByKeys("eu", 1, Tier.Pro));
        Assert.Single(store.GetByKeys("eu"));
        Assert.Single(store.GetByKeys());
        Assert.Empty(store.GetByKeys("eu", 2));

        var tooMany = Assert.Throws<StoreException>(() => store.GetByKeys("eu", 1, Tier.Pro, "extra"));
        Assert.Equal("PlacementStore", tooMany.StoreName);
        Assert.Equal("GetByKeys", tooMany.Operation);
        Assert.Equal(new object?[] { "eu", 1, Tier.Pro, "extra" }, tooMany.Keys);
        Assert.Contains("3 key member(s) (Region, Shard, Tier) but 4 values", tooMany.Message);

        var wrongType = Assert.Throws<StoreException>(() => store.GetByKeys("eu", "1"));
        Assert.Contains("'Shard' (position 1) is System.Int32 but the value given is System.String", wrongType.Message);
        Assert.Equal(new object?[] { "eu", "1" }, wrongType.Keys);

        var nullKey = Assert.Throws<StoreException>(() => store.GetByKeys(new object?[] { null }));
        Assert.Contains("value given is null", nullKey.Message);
    }

    [Fact]
    public void Record_struct_entities_with_guid_keys_work_and_box_only_in_the_untyped_view()
    {
        var store = new TokenStore();
        var id = Guid.NewGuid();
        store.Upsert(new Token(id, "refresh", 10));
        store.Upsert(new Token(Guid.NewGuid(), "access", 20));
        Token? found = store.Get(id);
        Assert.Equal("refresh", found!.Value.Kind);
        Assert.Null(store.Get(Guid.NewGuid()));
        Assert.Single(store.FindByKind("access"));
        Assert.Equal(new Token(id, "refresh", 10), Assert.Single(store.GetByKeys(id)));
        Assert.Equal(2, store.GetByKeys().Count);
        Assert.True(store.Remove(id));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Int_keys_enum_indexes_nested_and_global_entities_generate_working_stores()
    {
        var invoices = new InvoiceStore();
        for (int n = 0; n < 1000; n++)
        {
            invoices.Upsert(new Invoice(n, (Tier)(n % 3), n));
        }
        Assert.Equal(334, invoices.FindByTier(Tier.Free).Count);
        Assert.Equal(500m, invoices.Get(500)!.Amount);

        var nested = new Outer.NestedStore();
        nested.Upsert(new Outer.Nested("k", "v"));
        Assert.Equal("v", nested.Get("k")!.Value);

        var global = new GlobalThingStore();
        global.Upsert(new GlobalThing("x"));
        Assert.True(global.ContainsKey("x"));
    }

    [Fact]
    public void Enumeration_of_a_snapshot_allocates_nothing_per_item()
    {
        var store = new IngressStore();
        for (int n = 0; n < 1000; n++)
        {
            store.Upsert(Make.Ingress("ns", $"i{n}", uid: n));
        }
        var snapshot = store.Snapshot();
        int count = 0;
        foreach (var _ in snapshot)
        {
            count++; // warm up
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        count = 0;
        foreach (var item in snapshot)
        {
            count += item.Port > 0 ? 1 : 0;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Store_exception_message_names_store_operation_and_keys()
    {
        var error = new StoreException("IngressStore", "Upsert", new object?[] { "default", 3, null }, "because");
        Assert.Equal("IngressStore.Upsert [default, 3, null]: because", error.Message);
        Assert.Equal("because", error.Reason);
    }
}
