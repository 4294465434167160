using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Writes given what they cannot store — no item, no sequence, an item outside the key prefix being replaced, a
/// replacement under another key — are refused with the rule that fired and the store, operation and keys named,
/// and nothing already stored changes.
/// </summary>
public sealed class BadWriteInputTests
{
    private static IngressStore Stored()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("a", "1", uid: 1), Make.Ingress("a", "2", uid: 2), Make.Ingress("b", "1", uid: 3) });
        return store;
    }

    private static void AssertUnchanged(IngressStore store)
    {
        Assert.Equal(3, store.Version);
        Assert.Equal(new[] { "a/1", "a/2", "b/1" }, store.Select(i => $"{i.Namespace}/{i.Name}"));
    }

    private static void AssertRefused(StoreException error, string operation, object?[] keys, string reason)
    {
        Assert.Equal("IngressStore", error.StoreName);
        Assert.Equal(operation, error.Operation);
        Assert.Equal(keys, error.Keys);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void A_null_item_is_refused_by_every_write_that_takes_one()
    {
        var store = Stored();
        AssertRefused(Assert.Throws<StoreException>(() => store.Upsert(null!)), "Upsert", Array.Empty<object?>(), "the item is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.TryAdd(null!)), "TryAdd", Array.Empty<object?>(), "the item is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("c", "1", uid: 9), null! })),
            "UpsertMany", Array.Empty<object?>(), "the item is null");
        AssertUnchanged(store);
    }

    [Fact]
    public void A_null_sequence_is_refused_by_every_batch_write()
    {
        var store = Stored();
        AssertRefused(Assert.Throws<StoreException>(() => store.UpsertMany(null!)), "UpsertMany", Array.Empty<object?>(), "the item sequence is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.ReplaceAll(null!)), "ReplaceAll", Array.Empty<object?>(), "the item sequence is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.ReplaceAll("a", null!)), "ReplaceAll", Array.Empty<object?>(), "the item sequence is null");
        AssertUnchanged(store);
    }

    [Fact]
    public void Replacing_a_key_prefix_with_an_item_outside_it_is_refused_naming_the_prefix_and_the_item()
    {
        var store = Stored();
        var error = Assert.Throws<StoreException>(() => store.ReplaceAll("a", new[] { Make.Ingress("a", "1", uid: 1), Make.Ingress("b", "9", uid: 9) }));
        AssertRefused(error, "ReplaceAll", new object?[] { "a" }, "item with key [b, 9] is not under the key prefix being replaced");
        AssertUnchanged(store);
    }

    [Fact]
    public void A_replacement_under_another_key_or_none_at_all_is_refused_naming_the_key_being_updated()
    {
        var store = Stored();
        var stored = store.Get("a", "1")!;

        AssertRefused(Assert.Throws<StoreException>(() => store.TryReplace(stored, stored with { Name = "9" })),
            "TryReplace", new object?[] { "a", "1" }, "the new item has the key [a, 9], not the key being updated; nothing was changed");
        AssertRefused(Assert.Throws<StoreException>(() => store.TryReplace(stored, null!)),
            "TryReplace", new object?[] { "a", "1" }, "the new item is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.AddOrUpdate(stored, _ => null!)),
            "AddOrUpdate", new object?[] { "a", "1" }, "the new item is null");
        AssertRefused(Assert.Throws<StoreException>(() => store.Update(new IngressStore.Key("a", "2"), i => i! with { Namespace = "b" })),
            "Update", new object?[] { "a", "2" }, "the new item has the key [b, 2], not the key being updated; nothing was changed");
        AssertUnchanged(store);
    }

    [Fact]
    public void Writes_that_take_a_function_refuse_none_and_a_key_with_a_null_member()
    {
        var store = Stored();
        Assert.Equal("change", Assert.Throws<ArgumentNullException>(() => store.Update(new IngressStore.Key("a", "1"), null!)).ParamName);
        Assert.Equal("update", Assert.Throws<ArgumentNullException>(() => store.AddOrUpdate(Make.Ingress("a", "1", uid: 1), null!)).ParamName);
        Assert.Equal("predicate", Assert.Throws<ArgumentNullException>(() => store.RemoveWhere(null!)).ParamName);
        AssertRefused(Assert.Throws<StoreException>(() => store.Update(new IngressStore.Key("a", null!), i => i)),
            "Update", new object?[] { "a", null }, "key member 'Name' is null");
        AssertUnchanged(store);
    }
}
