using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// A table that fills up is copied into a new one a share at a time, while later writes still go to the old one:
/// updates and removals of entries already copied, and batches rolled back after touching them, must reach the
/// new table exactly, and snapshots taken before must not change. Checked against a model over many rebuilds.
/// </summary>
public class IncrementalRebuildTests
{
    private const int Keys = 1000;

    /// <summary>Tables this large have their successor allocated on another thread before the copy starts.</summary>
    private const int PreparedKeys = 70_000;

    [Theory]
    [InlineData(Keys, 20 * Keys, 97)]
    [InlineData(PreparedKeys, PreparedKeys, 9_973)]
    public void Writes_made_while_a_rebuild_copies_the_table_are_all_in_the_new_table(int keys, int writes, int checkEvery)
    {
        var random = new Random(11);
        var store = new IngressStore();
        var model = new Dictionary<string, Ingress>();
        foreach (var item in Enumerable.Range(0, keys).Select(n => Make.Ingress("ns", $"i{n}", uid: n)))
        {
            model[item.Name] = item;
        }
        store.UpsertMany(model.Values);
        var first = store.Snapshot();
        var firstItems = model.Values.ToArray();

        for (int op = 0; op < writes; op++)
        {
            Apply(store, model, random, keys);
            if (op % checkEvery == 0)
            {
                AssertHolds(store, model);
            }
        }

        AssertHolds(store, model);
        Invariants.Check(store.Snapshot());
        Assert.Equal(firstItems, first.ToArray());
        Invariants.Check(first);
    }

    private static void Apply(IngressStore store, Dictionary<string, Ingress> model, Random random, int keys)
    {
        int n = random.Next(keys);
        string name = $"i{n}";
        switch (random.Next(10))
        {
            case < 5:
                var item = Make.Ingress("ns", name, port: random.Next(1, 1000), uid: n);
                store.Upsert(item);
                model[name] = item;
                break;
            case < 7:
                Assert.Equal(model.Remove(name), store.Remove("ns", name));
                break;
            case < 9:
                var added = Make.Ingress("ns", name, port: 7, uid: n);
                Assert.Equal(model.TryAdd(name, added), store.TryAdd(added));
                break;
            default:
                RejectedBatch(store, model, n);
                break;
        }
    }

    /// <summary>A batch that replaces stored items, then clashes on the unique Uid index: rolled back whole.</summary>
    private static void RejectedBatch(IngressStore store, Dictionary<string, Ingress> model, int n)
    {
        var updates = model.Values.Take(3).Select(i => i with { Port = i.Port + 1 }).ToList();
        var holder = model.Values.FirstOrDefault(i => updates.All(u => u.Name != i.Name));
        if (holder is null)
        {
            return;
        }
        updates.Add(Make.Ingress("other", $"clash{n}", uid: 0) with { Uid = holder.Uid });
        Assert.Throws<StoreException>(() => store.UpsertMany(updates));
    }

    private static void AssertHolds(IngressStore store, Dictionary<string, Ingress> model)
    {
        var snapshot = store.Snapshot();
        Assert.Equal(model.Count, snapshot.Count);
        Assert.Equal(model.Count, snapshot.ToArray().Length);
        foreach (var (name, item) in model)
        {
            Assert.Equal(item, snapshot.Get("ns", name));
        }
    }
}
