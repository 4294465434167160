using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace StoreGen.Benchmarks;

/// <summary>
/// Several writers upserting existing keys at once (each its own random keys), no readers: total writes per second,
/// median of several runs, for one writer and for more. Shows how far one write lock lets writes scale.
/// </summary>
public static class WritersHarness
{
    public static void Run(int size, int[] writerCounts, int runs, TimeSpan duration)
    {
        var f = Fixture.For(size);
        Console.WriteLine($"million writes per second, N = {size:N0}; median of {runs} runs of {duration.TotalSeconds:0.#} s");
        Console.WriteLine("| structure | " + string.Join(" | ", writerCounts.Select(w => $"{w} writer(s)")) + " |");
        Console.WriteLine("| --- |" + string.Concat(writerCounts.Select(_ => " ---: |")));
        var rows = new List<(string Name, Action<BenchItem> Write)>
        {
            ("StoreGen", item => f.Store.Upsert(item)),
            ("ConcurrentDictionary", item => f.Concurrent[(item.Namespace, item.Name)] = item),
        };
        foreach (var (name, write) in rows)
        {
            var cells = writerCounts.Select(w => Median(runs, () => Measure(w, duration, f, write)));
            Console.WriteLine($"| {name} | " + string.Join(" | ", cells.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture))) + " |");
        }
    }

    private static double Median(int runs, Func<double> measure)
    {
        var results = Enumerable.Range(0, runs).Select(_ => measure()).OrderBy(v => v).ToArray();
        return results[runs / 2];
    }

    private static double Measure(int writers, TimeSpan duration, Fixture f, Action<BenchItem> write)
    {
        bool stop = false;
        long total = 0;
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var random = new Random(w);
            long done = 0;
            bool flip = false;
            while (!Volatile.Read(ref stop))
            {
                var items = (flip = !flip) ? f.Data.Updates : f.Data.Items;
                for (int k = 0; k < 256; k++)
                {
                    write(items[random.Next(items.Length)]);
                }
                done += 256;
            }
            Interlocked.Add(ref total, done);
        })).ToArray();
        var clock = Stopwatch.StartNew();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        Thread.Sleep(duration);
        Volatile.Write(ref stop, true);
        foreach (var thread in threads)
        {
            thread.Join();
        }
        return total / clock.Elapsed.TotalSeconds / 1e6;
    }
}
