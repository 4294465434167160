using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace StoreGen.Benchmarks;

/// <summary>
/// Steady updates of existing keys, one writer, each write timed on its own: reports the median, p99, p99.9 and the
/// worst single write (table rebuilds and garbage collections land in the tail), and the garbage collections seen.
/// A Stopwatch harness, since BenchmarkDotNet reports means of many operations, not the tail of single ones.
/// </summary>
public static class WriteLatencyHarness
{
    public static void Run(int[] sizes, int writes)
    {
        Console.WriteLine($"single-write latency, {writes:N0} updates of existing keys (µs)");
        Console.WriteLine("| structure | N | p50 | p99 | p99.9 | max | gen0/1/2 collections |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (int size in sizes)
        {
            var f = Fixture.For(size);
            Measure("StoreGen", size, writes, f, item => f.Store.Upsert(item));
            Measure("ConcurrentDictionary", size, writes, f, item => f.Concurrent[(item.Namespace, item.Name)] = item);
        }
    }

    private static void Measure(string name, int size, int writes, Fixture f, Action<BenchItem> write)
    {
        var random = new Random(7);
        for (int n = 0; n < writes / 4; n++)   // warm up (and reach the steady state of rebuilds)
        {
            write((n & 1) == 0 ? f.Data.Updates[random.Next(size)] : f.Data.Items[random.Next(size)]);
        }
        var ticks = new long[writes];
        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        for (int n = 0; n < writes; n++)
        {
            var item = (n & 1) == 0 ? f.Data.Updates[random.Next(size)] : f.Data.Items[random.Next(size)];
            long start = Stopwatch.GetTimestamp();
            write(item);
            ticks[n] = Stopwatch.GetTimestamp() - start;
        }
        var collections = string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - before[g]));
        Array.Sort(ticks);
        string At(double quantile) => Micros(ticks[Math.Min(writes - 1, (int)(quantile * writes))]);
        Console.WriteLine($"| {name} | {size:N0} | {At(0.5)} | {At(0.99)} | {At(0.999)} | {Micros(ticks[^1])} | {collections} |");
    }

    private static string Micros(long ticks) =>
        (ticks * 1e6 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);
}
