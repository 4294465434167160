using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Several writers and readers on one store for a bounded number of operations. Readers check every snapshot they
/// take against all invariants and batch atomicity; at the end the store must equal a single-threaded model that
/// applied the same operations. Writers own disjoint namespaces, so the final state does not depend on interleaving,
/// but they share hosts, so the index chains are shared.
/// </summary>
public class ConcurrencyTests
{
    private const int Writers = 3;
    private const int Readers = 2;
    private const int OperationsPerWriter = 6_000;
    private const int BatchSize = 8;

    [Fact]
    public async Task Concurrent_writers_and_readers_see_consistent_snapshots_and_end_at_the_model_state()
    {
        var store = new IngressStore(new StoreOptions { InitialCapacity = 8 });
        var models = new Dictionary<(string, string), Ingress>[Writers];
        int writersDone = 0;
        var start = new Barrier(Writers + Readers);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            try
            {
                models[w] = RunWriter(store, w);
            }
            finally
            {
                Interlocked.Increment(ref writersDone);
            }
        })).ToArray();

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            long lastVersion = -1;
            int checkedSnapshots = 0;
            while (Volatile.Read(ref writersDone) < Writers || checkedSnapshots == 0)
            {
                var snapshot = store.Snapshot();
                Assert.True(snapshot.Version >= lastVersion, "versions never go back");
                lastVersion = snapshot.Version;
                Invariants.Check(snapshot);
                for (int w = 0; w < Writers; w++)
                {
                    CheckBatchAtomicity(snapshot, w);
                }
                checkedSnapshots++;
            }
            return checkedSnapshots;
        })).ToArray();

        await Task.WhenAll(writers);
        var checkedCounts = await Task.WhenAll(readers);
        Assert.All(checkedCounts, n => Assert.True(n > 0));

        var expected = models.SelectMany(m => m.Values).OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        var actual = store.ToArray().OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Invariants.Check(store.Snapshot());
    }

    /// <summary>Batches in namespace "batch-w" are written whole by ReplaceAll: all items share one generation (Port).</summary>
    private static void CheckBatchAtomicity(IngressStore.SnapshotView snapshot, int writer)
    {
        var batch = snapshot.Find($"batch-{writer}");
        if (batch.Count == 0)
        {
            return;
        }
        Assert.Equal(BatchSize, batch.Count);
        Assert.Single(batch.Select(i => i.Port).Distinct());
    }

    private static Dictionary<(string, string), Ingress> RunWriter(IngressStore store, int writer)
    {
        var model = new Dictionary<(string, string), Ingress>();
        var random = new Random(1000 + writer);
        string ns = $"w{writer}";
        int uidBase = writer * 1_000_000;
        for (int op = 0; op < OperationsPerWriter; op++)
        {
            int name = random.Next(200);
            // The unique Uid is a function of the key, so writers never clash with each other.
            var item = new Ingress(ns, $"n{name}", $"h{random.Next(7)}", op, Make.Uid(uidBase + name));
            switch (random.Next(10))
            {
                case < 5:
                    store.Upsert(item);
                    model[(ns, item.Name)] = item;
                    break;
                case < 7:
                    Assert.Equal(model.Remove((ns, item.Name)), store.Remove(ns, item.Name));
                    break;
                case 7:
                    var many = Enumerable.Range(0, 4).Select(k => item with { Name = $"n{(name + k) % 200}", Uid = Make.Uid(uidBase + (name + k) % 200) }).ToArray();
                    store.UpsertMany(many);
                    foreach (var m in many)
                    {
                        model[(ns, m.Name)] = m;
                    }
                    break;
                case 8:
                    var generation = Enumerable.Range(0, BatchSize)
                        .Select(k => new Ingress($"batch-{writer}", $"b{k}", $"h{k % 7}", op, Make.Uid(uidBase + 500_000 + k))).ToArray();
                    store.ReplaceAll($"batch-{writer}", generation);
                    foreach (var g in generation)
                    {
                        model[(g.Namespace, g.Name)] = g;
                    }
                    break;
                default:
                    var keys = Enumerable.Range(0, 3).Select(k => new IngressStore.Key(ns, $"n{(name + k * 7) % 200}")).ToArray();
                    int expectedRemoved = keys.Count(k => model.Remove((k.Namespace, k.Name)));
                    Assert.Equal(expectedRemoved, store.RemoveMany(keys));
                    break;
            }
        }
        return model;
    }
}
