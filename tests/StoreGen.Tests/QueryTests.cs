using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>The error-log store's ListErrors and GetStats, as queries over a snapshot.</summary>
public class QueryTests
{
    private static ErrorRecordStore Store(int count = 60)
    {
        var store = new ErrorRecordStore();
        store.UpsertMany(Enumerable.Range(0, count).Select(n => Errors.Make(n)));
        return store;
    }

    [Fact]
    public void Conditions_combine_with_and_order_newest_first_and_page_with_the_total_before_paging()
    {
        var store = Store();
        var expected = store.ToArray()
            .Where(e => e.Namespace == "default" && e.Priority >= Priority.Medium && e.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.LastSeen).ToList();
        Assert.True(expected.Count > 3);

        var page = store.Query()
            .WhereNamespace("default")
            .Where(e => e.Priority >= Priority.Medium)
            .Search("timeout", e => e.Message, e => e.Pod)
            .OrderByDescending(e => e.LastSeen)
            .ToPage(offset: 1, limit: 2);
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Skip(1).Take(2), page.Items);

        var all = store.Query().WhereNamespace("default").Search("TIMEOUT", e => e.Message).ToPage(0, 0);   // limit 0: all
        Assert.Equal(all.Total, all.Items.Count);
        var past = store.Query().WhereNamespace("default").ToPage(1000, 10);
        Assert.Empty(past.Items);
        Assert.Equal(20, past.Total);
        Assert.Empty(store.Query().WhereNamespace("nowhere").ToPage(0, 10).Items);
    }

    [Fact]
    public void Index_conditions_supply_the_candidates_so_other_conditions_see_only_those()
    {
        var store = Store(300);
        int evaluated = 0;
        int count = store.Query().WhereNamespace("shop").Where(e => { evaluated++; return e.Count > 1; }).Count();
        Assert.Equal(100, evaluated);   // only the namespace's items, not all 300
        Assert.Equal(store.Count(e => e.Namespace == "shop" && e.Count > 1), count);

        evaluated = 0;
        var single = store.Query().WhereNamespace("shop").WhereFingerprint("fp5").Where(e => { evaluated++; return true; }).ToList();
        Assert.Equal(1, evaluated);     // the unique index is the most selective source
        Assert.Equal("e5", Assert.Single(single).Id);
        Assert.Empty(store.Query().WhereFingerprint("fp5").WhereNamespace("default").ToList());   // AND still holds

        Assert.Equal("e7", Assert.Single(store.Query().WhereKey("e7").ToList()).Id);
    }

    [Fact]
    public void Ordering_is_stable_and_then_by_orders_within_ties()
    {
        var store = Store();
        var ordered = store.Query().OrderBy(e => e.Priority).OrderByDescending(e => e.LastSeen).ToList();
        Assert.Equal(store.ToArray().OrderBy(e => e.Priority).ThenByDescending(e => e.LastSeen), ordered);
    }

    [Fact]
    public void Aggregates_group_count_and_bound()
    {
        var store = Store();
        var byNamespace = store.Query().CountBy(e => e.Namespace);
        Assert.Equal(new[] { ("default", 20), ("kube-system", 20), ("shop", 20) }, byNamespace.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        var byPriority = store.Query().WhereNamespace("default").CountBy(e => e.Priority);
        Assert.Equal(20, byPriority.Values.Sum());
        Assert.Equal(store.ToArray().Max(e => e.LastSeen), store.Query().Max(e => e.LastSeen));
        Assert.Equal(store.ToArray().Min(e => e.LastSeen), store.Query().Min(e => e.LastSeen));
        Assert.Null(store.Query().WhereNamespace("nowhere").Max(e => e.LastSeen));
        Assert.Null(store.Query().WhereNamespace("nowhere").Min(e => e.LastSeen));
        Assert.Null(store.Query().WhereNamespace("nowhere").MaxOf(e => e.Pod));
    }

    [Fact]
    public void Reference_typed_bounds_are_the_smallest_and_largest_values_and_null_over_nothing()
    {
        var store = Store();
        var pods = store.ToArray().Select(e => e.Pod).ToList();
        Assert.Equal(pods.Min(), store.Query().MinOf(e => e.Pod));
        Assert.Equal(pods.Max(), store.Query().MaxOf(e => e.Pod));
        Assert.NotEqual(store.Query().MinOf(e => e.Pod), store.Query().MaxOf(e => e.Pod));
        Assert.Null(store.Query().WhereNamespace("nowhere").MinOf(e => e.Pod));
    }

    [Fact]
    public void Fingerprint_deduplication_uses_the_unique_index()
    {
        var store = Store(3);
        var seen = store.GetByFingerprint("fp1")!;
        store.Upsert(seen with { Count = seen.Count + 1, LastSeen = seen.LastSeen.AddMinutes(5) });   // the error-log store's UpdateError on a duplicate
        Assert.Equal(seen.Count + 1, store.GetByFingerprint("fp1")!.Count);
        Assert.Throws<StoreException>(() => store.Upsert(Errors.Make(99) with { Fingerprint = "fp1" }));
    }

    [Fact]
    public void Refining_a_query_returns_a_new_query_and_leaves_the_original_unchanged()
    {
        var store = Store(6);
        var inDefault = store.Query().WhereNamespace("default");
        var byFingerprint = inDefault.WhereFingerprint("fp0");
        var filtered = inDefault.Where(e => e.Count > 100);
        var ordered = inDefault.OrderByDescending(e => e.LastSeen);

        Assert.Equal(2, inDefault.Count());
        Assert.Equal(1, byFingerprint.Count());
        Assert.Equal(0, filtered.Count());
        Assert.Equal(new[] { "e0", "e3" }, inDefault.ToList().Select(e => e.Id));
        Assert.Equal(new[] { "e3", "e0" }, ordered.ToList().Select(e => e.Id));
    }
}
