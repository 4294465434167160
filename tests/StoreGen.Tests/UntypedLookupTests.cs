using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// <see cref="IIndexedStore.GetByKeys"/>: the untyped lookup by the leading key members that tools and generic code
/// use. Each count of values reads the matching typed path; a value of the wrong type or too many values is a
/// <see cref="StoreException"/> naming the store, GetByKeys, the values given and the key member at fault.
/// </summary>
public sealed class UntypedLookupTests
{
    private static Placement Placed(string region, int shard, Tier tier) => new() { Region = region, Shard = shard, Tier = tier };

    private static PlacementStore Placements()
    {
        var store = new PlacementStore();
        store.UpsertMany(new[] { Placed("eu", 1, Tier.Free), Placed("eu", 1, Tier.Pro), Placed("eu", 2, Tier.Free), Placed("us", 1, Tier.Free) });
        return store;
    }

    private static string Describe(object item) => item is Placement p ? $"{p.Region}/{p.Shard}/{p.Tier}" : "?";

    [Fact]
    public void Each_count_of_leading_key_values_reads_the_matching_items_in_store_order()
    {
        IIndexedStore store = Placements();

        Assert.Equal(new[] { "eu/1/Free", "eu/1/Pro", "eu/2/Free", "us/1/Free" }, store.GetByKeys().Select(Describe));
        Assert.Equal(new[] { "eu/1/Free", "eu/1/Pro", "eu/2/Free" }, store.GetByKeys("eu").Select(Describe));
        Assert.Equal(new[] { "eu/1/Free", "eu/1/Pro" }, store.GetByKeys("eu", 1).Select(Describe));
        Assert.Equal(new[] { "eu/1/Pro" }, store.GetByKeys("eu", 1, Tier.Pro).Select(Describe));
        Assert.Empty(store.GetByKeys("eu", 2, Tier.Pro));
        Assert.Empty(store.GetByKeys("asia"));
    }

    [Fact]
    public void No_value_array_at_all_reads_every_item()
    {
        IIndexedStore store = Placements();
        Assert.Equal(4, store.GetByKeys(null!).Count);
    }

    [Fact]
    public void More_values_than_key_members_is_an_error_naming_the_store_the_members_and_the_values()
    {
        IIndexedStore store = Placements();

        var error = Assert.Throws<StoreException>(() => store.GetByKeys("eu", 1, Tier.Pro, "extra"));
        Assert.Equal("PlacementStore", error.StoreName);
        Assert.Equal("GetByKeys", error.Operation);
        Assert.Equal(new object?[] { "eu", 1, Tier.Pro, "extra" }, error.Keys);
        Assert.Equal("PlacementStore has 3 key member(s) (Region, Shard, Tier) but 4 values were given", error.Reason);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_key_member_its_position_and_both_types()
    {
        IIndexedStore store = Placements();

        var wrongType = Assert.Throws<StoreException>(() => store.GetByKeys("eu", 1L));
        Assert.Equal("PlacementStore", wrongType.StoreName);
        Assert.Equal("GetByKeys", wrongType.Operation);
        Assert.Equal(new object?[] { "eu", 1L }, wrongType.Keys);
        Assert.Equal("key member 'Shard' (position 1) is System.Int32 but the value given is System.Int64", wrongType.Reason);

        var missing = Assert.Throws<StoreException>(() => store.GetByKeys(new object?[] { null }));
        Assert.Equal("key member 'Region' (position 0) is System.String but the value given is null", missing.Reason);
    }

    [Fact]
    public void A_store_of_value_types_returns_each_item_boxed()
    {
        var tokens = new TokenStore();
        var first = new Token(Guid.NewGuid(), "access", 1);
        var second = new Token(Guid.NewGuid(), "refresh", 2);
        tokens.UpsertMany(new[] { first, second });
        IIndexedStore store = tokens;

        Assert.Equal(new object[] { first, second }, store.GetByKeys());
        Assert.Equal(new object[] { second }, store.GetByKeys(second.Id));
        Assert.Empty(store.GetByKeys(Guid.NewGuid()));
    }
}
