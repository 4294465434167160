using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Checks that a snapshot is internally consistent: every index holds exactly the items it should.</summary>
internal static class Invariants
{
    public static void Check(IngressStore.SnapshotView snapshot)
    {
        var items = new List<Ingress>();
        foreach (var item in snapshot)
        {
            items.Add(item);
        }
        Assert.Equal(snapshot.Count, items.Count);
        Assert.Equal(items.Count, items.Select(i => (i.Namespace, i.Name)).Distinct().Count());

        foreach (var item in items)
        {
            Assert.Same(item, snapshot.Get(item.Namespace, item.Name));
            Assert.Same(item, snapshot.GetByUid(item.Uid));
        }
        // Unique index: no two items share a value.
        Assert.Equal(items.Count, items.Select(i => i.Uid).Distinct().Count());

        // Non-unique index and key prefix: each value returns exactly the items with it, none other.
        foreach (var group in items.GroupBy(i => i.Host))
        {
            AssertSameItems(group, snapshot.FindByHost(group.Key));
        }
        foreach (var group in items.GroupBy(i => i.Namespace))
        {
            AssertSameItems(group, snapshot.Find(group.Key));
        }
    }

    private static void AssertSameItems(IEnumerable<Ingress> expected, IReadOnlyList<Ingress> actual)
    {
        var want = expected.ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Equal(want.Count, actual.Count);
        Assert.All(actual, item => Assert.Contains(item, want));
    }
}
