using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Index reads return every match in store order (the order of the last write), however many there are, for stores
/// of reference and value types, and pass over entries removed, replaced or merely sharing a chain.
/// </summary>
public sealed class IndexReadTests
{
    [Fact]
    public void Find_returns_many_matches_in_store_order_past_every_buffer_size()
    {
        var store = new IngressStore();
        // Matches interleaved with items on other hosts that share the index's chains.
        store.UpsertMany(Enumerable.Range(0, 300).Select(n => Make.Ingress("ns", $"i{n:000}", host: n % 3 == 0 ? "wanted" : $"other{n % 40}", uid: n)));
        store.Upsert(Make.Ingress("ns", "i000", host: "wanted", port: 9, uid: 0));   // rewritten: now last in store order
        store.Remove("ns", "i003");

        var expected = Enumerable.Range(0, 300).Where(n => n % 3 == 0 && n is not 0 and not 3).Select(n => $"i{n:000}").Append("i000");
        Assert.Equal(expected, store.FindByHost("wanted").Select(i => i.Name));
        Assert.Equal(expected, store.Find("ns").Where(i => i.Host == "wanted").Select(i => i.Name));
        Assert.Equal(299, store.Find("ns").Count);
    }

    [Fact]
    public void Find_on_a_store_of_value_types_returns_many_matches_in_store_order()
    {
        var store = new TokenStore();
        var ids = Enumerable.Range(0, 70).Select(n => new Guid(n + 1, 0, 0, new byte[8])).ToArray();
        store.UpsertMany(ids.Select((id, n) => new Token(id, n % 2 == 0 ? "access" : "refresh", n)));

        Assert.Equal(Enumerable.Range(0, 35).Select(n => (long)(2 * n)), store.FindByKind("access").Select(t => t.ExpiresAt));
        Assert.Empty(store.FindByKind("none"));
    }

    [Fact]
    public void A_unique_lookup_passes_over_the_removed_holder_of_its_value_and_other_values_in_its_chain()
    {
        var store = new IngressStore();
        store.UpsertMany(Enumerable.Range(0, 200).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        store.Remove("ns", "i5");
        var taker = Make.Ingress("ns", "taker", uid: 5);
        store.Upsert(taker);
        store.Upsert(Make.Ingress("ns", "i6", port: 1, uid: 6));

        Assert.Same(taker, store.GetByUid(Make.Uid(5)));
        Assert.Equal(1, store.GetByUid(Make.Uid(6))!.Port);
        Assert.Null(store.GetByUid(Make.Uid(500)));
        Assert.All(Enumerable.Range(0, 200).Where(n => n != 5), n => Assert.Equal($"i{n}", store.GetByUid(Make.Uid(n))!.Name));
    }
}
