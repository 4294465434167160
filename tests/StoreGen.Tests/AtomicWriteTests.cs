using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Read-modify-write on generated stores: Update, AddOrUpdate and TryReplace are one transaction each.</summary>
public sealed class AtomicWriteTests
{
    [Fact]
    public void Concurrent_updates_of_one_counter_are_never_lost()
    {
        var store = new ErrorRecordStore();
        store.Upsert(Errors.Make(1) with { Count = 0 });
        var key = new ErrorRecordStore.Key("e1");
        const int Writers = 4, Increments = 2_000;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, _ =>
        {
            for (int n = 0; n < Increments; n++)
            {
                store.Update(key, current => current! with { Count = current.Count + 1 });
            }
        });
        Assert.Equal(Writers * Increments, store.Get("e1")!.Count);
    }

    [Fact]
    public void Update_adds_replaces_and_removes_and_runs_the_function_once()
    {
        var store = new ErrorRecordStore();
        var key = new ErrorRecordStore.Key("e1");
        int calls = 0;
        var added = store.Update(key, current =>
        {
            calls++;
            Assert.Null(current);
            return Errors.Make(1);
        });
        Assert.Equal(1, calls);
        Assert.Equal(Errors.Make(1), added);
        Assert.Equal(Errors.Make(1), store.Get("e1"));

        var replaced = store.Update(key, current => current! with { Count = 42 });
        Assert.Equal(42, replaced!.Count);
        Assert.Equal(42, store.Get("e1")!.Count);

        Assert.Null(store.Update(key, _ => null));
        Assert.Null(store.Get("e1"));
        Assert.Null(store.Update(key, _ => null));   // nothing to remove: no change
    }

    [Fact]
    public void A_throwing_function_or_a_moved_key_changes_nothing()
    {
        var store = new ErrorRecordStore();
        store.Upsert(Errors.Make(1));
        long version = store.Version;
        var key = new ErrorRecordStore.Key("e1");

        Assert.Throws<InvalidOperationException>(() => store.Update(key, _ => throw new InvalidOperationException("boom")));
        var moved = Assert.Throws<StoreException>(() => store.Update(key, current => current! with { Id = "e2" }));
        Assert.Equal("ErrorRecordStore", moved.StoreName);
        Assert.Equal("Update", moved.Operation);
        Assert.Contains("e2", moved.Message, StringComparison.Ordinal);
        var clash = Assert.Throws<StoreException>(() => store.AddOrUpdate(Errors.Make(2) with { Fingerprint = "fp1" }, e => e));

        Assert.Equal("AddOrUpdate", clash.Operation);
        Assert.Equal(version, store.Version);
        Assert.Equal(new[] { Errors.Make(1) }, store.ToArray());
    }

    [Fact]
    public void AddOrUpdate_adds_the_item_or_updates_the_stored_one()
    {
        var store = new ErrorRecordStore();
        var first = store.AddOrUpdate(Errors.Make(1) with { Count = 1 }, e => e with { Count = e.Count + 1 });
        var second = store.AddOrUpdate(Errors.Make(1) with { Count = 1 }, e => e with { Count = e.Count + 1 });
        Assert.Equal(1, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Equal(2, store.Get("e1")!.Count);
    }

    [Fact]
    public void TryReplace_swaps_only_while_the_stored_item_is_the_expected_one()
    {
        var store = new ErrorRecordStore();
        var original = Errors.Make(1);
        store.Upsert(original);
        Assert.True(store.TryReplace(original, original with { Count = 10 }));
        Assert.False(store.TryReplace(original, original with { Count = 20 }));   // stale: someone replaced it
        Assert.Equal(10, store.Get("e1")!.Count);
        Assert.False(store.TryReplace(Errors.Make(9), Errors.Make(9)));           // absent key
        Assert.Throws<StoreException>(() => store.TryReplace(store.Get("e1")!, Errors.Make(2)));
        Assert.Equal(10, store.Get("e1")!.Count);
    }

    [Fact]
    public void Update_works_on_a_record_struct_store()
    {
        var store = new TokenStore();
        var id = Guid.NewGuid();
        var key = new TokenStore.Key(id);
        Assert.Equal(new Token(id, "a", 1), store.Update(key, current => current ?? new Token(id, "a", 1)));
        Assert.Equal(2, store.Update(key, current => current!.Value with { ExpiresAt = 2 })!.Value.ExpiresAt);
        Assert.Null(store.Update(key, _ => null));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void RemoveAll_removes_only_the_items_under_the_key_prefix()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("a", "x"), Make.Ingress("a", "y"), Make.Ingress("b", "x") });
        Assert.Equal(2, store.RemoveAll("a"));
        Assert.Equal(new[] { "b" }, store.Select(i => i.Namespace));
        long version = store.Version;
        Assert.Equal(0, store.RemoveAll("a"));
        Assert.Equal(version, store.Version);

        var placements = new PlacementStore();
        placements.UpsertMany(new[] { Placed("eu", 1, Tier.Free), Placed("eu", 1, Tier.Pro), Placed("eu", 2, Tier.Free), Placed("us", 1, Tier.Free) });
        Assert.Equal(2, placements.RemoveAll("eu", 1));
        Assert.Equal(2, placements.Count);
        Assert.Equal(1, placements.RemoveAll("eu"));
        Assert.Equal("us", Assert.Single(placements).Region);
    }

    [Fact]
    public void Upsert_of_an_item_equal_to_the_stored_one_is_not_a_change_as_in_ReplaceAll()
    {
        var store = new ErrorRecordStore(new StoreOptions { ChangeFeedCapacity = 16 });
        store.Upsert(Errors.Make(1));
        long version = store.Version;
        store.Upsert(Errors.Make(1));
        store.UpsertMany(new[] { Errors.Make(1) });
        store.ReplaceAll(new[] { Errors.Make(1) });
        store.Update(new ErrorRecordStore.Key("e1"), current => current! with { });
        Assert.Equal(version, store.Version);
        Assert.Empty(store.GetChangesSince(version).Changes);
        store.Upsert(Errors.Make(1) with { Count = 99 });
        Assert.Equal(version + 1, store.Version);
    }

    private static Placement Placed(string region, int shard, Tier tier) => new() { Region = region, Shard = shard, Tier = tier };
}
