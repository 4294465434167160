using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace StoreGen.Benchmarks;

/// <summary>
/// One writer upserting existing keys continuously while one reader calls Get; reports the reader's throughput
/// (million lookups per second), median of several runs. A Stopwatch harness, since BenchmarkDotNet measures one
/// thread at a time.
/// </summary>
public static class ReaderWriterHarness
{
    public static void Run(int[] sizes, int runs, TimeSpan duration)
    {
        Console.WriteLine($"reader Mops/s with one concurrent writer; median of {runs} runs of {duration.TotalSeconds:0.#} s");
        Console.WriteLine("| structure | " + string.Join(" | ", sizes.Select(s => $"N = {s:N0}")) + " |");
        Console.WriteLine("| --- |" + string.Concat(sizes.Select(_ => " ---: |")));
        var rows = new Dictionary<string, List<double>>();
        foreach (int size in sizes)
        {
            var f = Fixture.For(size).EnsureImmutable();
            Measure(rows, "StoreGen", runs, duration, f,
                read: i => f.Store.Get(f.Data.LookupNamespaces[i], f.Data.LookupNames[i])!.Port,
                write: item => f.Store.Upsert(item));
            Measure(rows, "ConcurrentDictionary", runs, duration, f,
                read: i => f.Concurrent[f.Data.LookupKeys[i]].Port,
                write: item => f.Concurrent[(item.Namespace, item.Name)] = item);
            Measure(rows, "Dictionary + ReaderWriterLockSlim", runs, duration, f,
                read: i => f.RwLocked.Get(f.Data.LookupKeys[i])!.Port,
                write: item => f.RwLocked.Set((item.Namespace, item.Name), item));
            Measure(rows, "ImmutableDictionary + CAS", runs, duration, f,
                read: i => Volatile.Read(ref f.Immutable)[f.Data.LookupKeys[i]].Port,
                write: item =>
                {
                    while (true)
                    {
                        var current = Volatile.Read(ref f.Immutable);
                        if (Interlocked.CompareExchange(ref f.Immutable, current.SetItem((item.Namespace, item.Name), item), current) == current)
                        {
                            return;
                        }
                    }
                });
        }
        foreach (var (name, values) in rows)
        {
            Console.WriteLine($"| {name} | " + string.Join(" | ", values.Select(v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))) + " |");
        }
    }

    private static void Measure(Dictionary<string, List<double>> rows, string name, int runs, TimeSpan duration, Fixture f, Func<int, int> read, Action<BenchItem> write)
    {
        var results = new double[runs];
        for (int run = 0; run < runs; run++)
        {
            bool stop = false;
            var writer = new Thread(() =>
            {
                var random = new Random(run);
                bool flip = false;
                while (!Volatile.Read(ref stop))
                {
                    var items = (flip = !flip) ? f.Data.Updates : f.Data.Items;
                    for (int k = 0; k < 256; k++)
                    {
                        write(items[random.Next(items.Length)]);
                    }
                }
            });
            writer.Start();
            long operations = 0;
            int sink = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                for (int i = 0; i < Dataset.Lookups; i++)
                {
                    sink += read(i);
                }
                operations += Dataset.Lookups;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Volatile.Write(ref stop, true);
            writer.Join();
            results[run] = operations / seconds / 1e6 + (sink == int.MinValue ? 1 : 0);
        }
        Array.Sort(results);
        if (!rows.TryGetValue(name, out var list))
        {
            rows[name] = list = new List<double>();
        }
        list.Add(results[runs / 2]);
    }
}
