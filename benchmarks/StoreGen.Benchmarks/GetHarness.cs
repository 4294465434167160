using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace StoreGen.Benchmarks;

/// <summary>
/// Get by full key, the variants interleaved round by round (so a noisy machine slows all of them alike) and the
/// median round reported, in ns per lookup: with fresh copies of the key strings (as BenchmarkDotNet's
/// <c>GetBenchmarks</c>) and with the very string instances stored (reference-equal keys, as a caller holding keys
/// it read from the store, or a harness that looks up the strings it inserted).
/// </summary>
public static class GetHarness
{
    public static void Run(int[] sizes, int rounds)
    {
        Console.WriteLine($"Get, ns per lookup, median of {rounds} interleaved rounds");
        Console.WriteLine("| structure | keys | " + string.Join(" | ", sizes.Select(s => $"N = {s:N0}")) + " |");
        Console.WriteLine("| --- | --- |" + string.Concat(sizes.Select(_ => " ---: |")));
        var table = new Dictionary<string, List<double>>();
        foreach (int size in sizes)
        {
            var f = Fixture.For(size);
            var d = f.Data;
            var storedNs = d.LookupIndexes.Select(n => d.Items[n].Namespace).ToArray();
            var storedNames = d.LookupIndexes.Select(n => d.Items[n].Name).ToArray();
            var storedKeys = d.LookupIndexes.Select(n => Dataset.KeyOf(d.Items[n])).ToArray();
            var variants = new (string Name, Func<int> Lookups)[]
            {
                ("StoreGen | fresh", () => StoreGen(f.Store, d.LookupNamespaces, d.LookupNames)),
                ("ConcurrentDictionary | fresh", () => Concurrent(f.Concurrent, d.LookupKeys)),
                ("StoreGen | stored instances", () => StoreGen(f.Store, storedNs, storedNames)),
                ("StoreGen, through a snapshot | fresh", () => StoreGenSnapshot(f.Store, d.LookupNamespaces, d.LookupNames)),
                ("ConcurrentDictionary | stored instances", () => Concurrent(f.Concurrent, storedKeys)),
            };
            var samples = variants.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                for (int v = 0; v < variants.Length; v++)
                {
                    samples[v].Add(Time(variants[v].Lookups));
                }
            }
            for (int v = 0; v < variants.Length; v++)
            {
                var sorted = samples[v].OrderBy(x => x).ToList();
                if (!table.TryGetValue(variants[v].Name, out var row))
                {
                    table[variants[v].Name] = row = new List<double>();
                }
                row.Add(sorted[sorted.Count / 2]);
            }
        }
        foreach (var (name, row) in table)
        {
            Console.WriteLine($"| {name} | " + string.Join(" | ", row.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))) + " |");
        }
    }

    private const int Passes = 200;

    /// <summary>ns per lookup over <see cref="Passes"/> passes of the 1,024 lookups (one delegate call per round: the loops are the variants' own).</summary>
    private static double Time(Func<int> lookups)
    {
        long start = Stopwatch.GetTimestamp();
        int sink = lookups();
        double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (Passes * Dataset.Lookups);
        return sink == int.MinValue ? -1 : ns;
    }

    private static int StoreGen(BenchItemStore store, string[] ns, string[] names)
    {
        int sum = 0;
        for (int p = 0; p < Passes; p++)
        {
            for (int i = 0; i < ns.Length; i++)
            {
                sum += store.Get(ns[i], names[i])!.Port;
            }
        }
        return sum;
    }

    private static int StoreGenSnapshot(BenchItemStore store, string[] ns, string[] names)
    {
        int sum = 0;
        for (int p = 0; p < Passes; p++)
        {
            for (int i = 0; i < ns.Length; i++)
            {
                sum += store.Snapshot().Get(ns[i], names[i])!.Port;
            }
        }
        return sum;
    }

    private static int Concurrent(System.Collections.Concurrent.ConcurrentDictionary<(string, string), BenchItem> map, (string, string)[] keys)
    {
        int sum = 0;
        for (int p = 0; p < Passes; p++)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                sum += map[keys[i]].Port;
            }
        }
        return sum;
    }
}
