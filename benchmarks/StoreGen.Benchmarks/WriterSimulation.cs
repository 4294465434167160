using System;
using System.Globalization;
using System.Linq;

namespace StoreGen.Benchmarks;

/// <summary>
/// A discrete-event model of W writers on W cores, each writing flat out, under three write paths: today's single
/// write lock, a combining lock (the holder applies every waiting request in one transaction and publishes once),
/// and S striped locks with one ordered publication per write. This machine has 2 cores, so what 16 writers would
/// get cannot be measured here; the model takes the single-writer cost measured by the <c>writers</c> harness and
/// a cache-line transfer time, and reports total writes per second. Deterministic (seeded), no threads.
/// </summary>
public static class WriterSimulation
{
    /// <summary>Costs in nanoseconds.</summary>
    public readonly record struct Costs(double Outside, double Apply, double Publish, double Line, int HandoffLines, int Stripes);

    public static void Run(double singleWriterNs, double lineNs)
    {
        // The single-writer write splits into work outside the lock (key extraction, validation, hash), applying the
        // change under it, and publishing; the split is an estimate from profiles (docs/benchmarks.md).
        var costs = new Costs(Outside: 0.15 * singleWriterNs, Apply: 0.75 * singleWriterNs, Publish: 0.10 * singleWriterNs,
            Line: lineNs, HandoffLines: 4, Stripes: 64);
        Console.WriteLine($"model: single writer {singleWriterNs:0} ns/write, cache-line transfer {lineNs:0} ns; million writes per second");
        int[] writers = [1, 2, 4, 8, 16];
        Console.WriteLine("| write path | " + string.Join(" | ", writers.Select(w => $"{w} writer(s)")) + " |");
        Console.WriteLine("| --- |" + string.Concat(writers.Select(_ => " ---: |")));
        Row("one lock (today)", writers, w => OneLock(w, costs));
        Row("combining lock", writers, w => Combining(w, costs));
        Row($"{costs.Stripes} striped locks + ordered publication", writers, w => Striped(w, costs));
    }

    private static void Row(string name, int[] writers, Func<int, double> simulate) =>
        Console.WriteLine($"| {name} | " + string.Join(" | ", writers.Select(w => simulate(w).ToString("0.00", CultureInfo.InvariantCulture))) + " |");

    private const double Horizon = 10_000_000;   // simulated nanoseconds

    /// <summary>FIFO lock: a write by another writer than the last first moves the writer's working set over.</summary>
    public static double OneLock(int writers, Costs c) => Lock(writers, c, combining: false);

    /// <summary>
    /// Combining: whoever gets the lock applies every request waiting at that moment (reading each request's slot
    /// costs a line) in one transaction, publishes once, and hands each waiter its result (one line each, overlapped).
    /// </summary>
    public static double Combining(int writers, Costs c) => Lock(writers, c, combining: true);

    private static double Lock(int writers, Costs c, bool combining)
    {
        var ready = Enumerable.Repeat(c.Outside, writers).ToArray();
        double free = 0;
        int last = -1;
        long done = 0;
        while (free < Horizon)
        {
            int w = Earliest(ready);
            double start = Math.Max(ready[w], free);
            int[] group = combining ? Enumerable.Range(0, writers).Where(v => ready[v] <= start).ToArray() : [w];
            free = start + (w == last ? 0 : c.HandoffLines * c.Line) + (group.Length - 1) * c.Line + group.Length * c.Apply + c.Publish;
            last = w;
            foreach (int v in group)
            {
                ready[v] = free + (v == w ? 0 : c.Line) + c.Outside;
            }
            done += group.Length;
        }
        return done / free * 1000;
    }

    /// <summary>
    /// Striped: each write locks the stripe of its key (random), applies there, then publishes through one
    /// sequencer in version order (one line transfer per write when writers alternate), so snapshots stay one version.
    /// </summary>
    public static double Striped(int writers, Costs c)
    {
        var random = new Random(7);
        var ready = Enumerable.Repeat(c.Outside, writers).ToArray();
        var stripeFree = new double[c.Stripes];
        var stripeLast = Enumerable.Repeat(-1, c.Stripes).ToArray();
        double sequencer = 0;
        int sequencerLast = -1;
        long done = 0;
        double now = 0;
        while (now < Horizon)
        {
            int w = Earliest(ready);
            int s = random.Next(c.Stripes);
            double start = Math.Max(ready[w], stripeFree[s]);
            double applied = start + (stripeLast[s] == w ? 0 : (c.HandoffLines - 1) * c.Line) + c.Apply;
            double published = Math.Max(applied, sequencer) + (sequencerLast == w ? 0 : c.Line) + c.Publish;
            sequencer = published;
            sequencerLast = w;
            stripeFree[s] = published;   // the stripe is held until its change is published in order
            stripeLast[s] = w;
            ready[w] = published + c.Outside;
            now = published;
            done++;
        }
        return done / now * 1000;
    }

    private static int Earliest(double[] ready)
    {
        int best = 0;
        for (int w = 1; w < ready.Length; w++)
        {
            if (ready[w] < ready[best])
            {
                best = w;
            }
        }
        return best;
    }
}
