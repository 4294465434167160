using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// A write refused by MaxCount names the keys it would have added: one key by its members, several as a list of
/// keys (the first ten, then how many more), each key once however often the batch wrote it.
/// </summary>
public sealed class LimitRejectionTests
{
    private static IngressStore Full(int max)
    {
        var store = new IngressStore(new StoreOptions { MaxCount = max });
        store.UpsertMany(Enumerable.Range(0, max).Select(n => Make.Ingress("full", $"f{n}", uid: 1000 + n)));
        return store;
    }

    private static Ingress[] Batch(int count) => Enumerable.Range(0, count).Select(n => Make.Ingress("ns", $"i{n}", uid: n)).ToArray();

    private static string[] Listed(int count) => Enumerable.Range(0, count).Select(n => $"[ns, i{n}]").ToArray();

    [Fact]
    public void One_refused_item_is_named_by_its_key_members()
    {
        var store = Full(2);
        var error = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "x", uid: 1)));
        Assert.Equal("IngressStore", error.StoreName);
        Assert.Equal("Upsert", error.Operation);
        Assert.Equal(new object?[] { "ns", "x" }, error.Keys);
        Assert.Equal("the store would hold 3 items, more than its MaxCount of 2; nothing was changed", error.Reason);
    }

    [Fact]
    public void Up_to_ten_refused_items_are_each_named()
    {
        var store = Full(1);
        var error = Assert.Throws<StoreException>(() => store.UpsertMany(Batch(10)));
        Assert.Equal("UpsertMany", error.Operation);
        Assert.Equal(Listed(10), error.Keys);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Past_ten_refused_items_the_rest_are_counted()
    {
        var store = Full(1);
        var eleven = Assert.Throws<StoreException>(() => store.UpsertMany(Batch(11)));
        Assert.Equal(Listed(10).Append("and 1 more"), eleven.Keys);

        var thirteen = Assert.Throws<StoreException>(() => store.UpsertMany(Batch(13)));
        Assert.Equal(Listed(10).Append("and 3 more"), thirteen.Keys);
        Assert.StartsWith("IngressStore.UpsertMany [[ns, i0], [ns, i1], ", thirteen.Message, System.StringComparison.Ordinal);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void A_key_the_batch_wrote_twice_is_named_once()
    {
        var store = Full(1);
        var error = Assert.Throws<StoreException>(() => store.UpsertMany(new[]
        {
            Make.Ingress("ns", "a", port: 1, uid: 1), Make.Ingress("ns", "b", uid: 2), Make.Ingress("ns", "a", port: 2, uid: 1),
        }));
        Assert.Equal(new object?[] { "[ns, b]", "[ns, a]" }, error.Keys);
        Assert.Equal("the store would hold 3 items, more than its MaxCount of 1; nothing was changed", error.Reason);
    }

    [Fact]
    public void A_store_at_its_limit_takes_replacements_and_removals()
    {
        var store = Full(2);
        store.Upsert(Make.Ingress("full", "f0", port: 9, uid: 1000));
        Assert.True(store.Remove("full", "f1"));
        store.Upsert(Make.Ingress("ns", "x", uid: 1));
        Assert.Equal(new[] { "f0", "x" }, store.Select(i => i.Name));
    }
}
