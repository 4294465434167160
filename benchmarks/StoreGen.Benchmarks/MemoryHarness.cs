using System;
using System.Linq;

namespace StoreGen.Benchmarks;

/// <summary>
/// Bytes per entity of each structure alone: items and key strings are allocated before the measurement, so only
/// the structure (tables, nodes, indexes) is counted.
/// </summary>
public static class MemoryHarness
{
    public static void Run(int[] sizes)
    {
        Console.WriteLine("structure bytes per entity (items and key strings excluded)");
        Console.WriteLine("| structure | " + string.Join(" | ", sizes.Select(s => $"N = {s:N0}")) + " |");
        Console.WriteLine("| --- |" + string.Concat(sizes.Select(_ => " ---: |")));
        var data = sizes.Select(size => new Dataset(size)).ToArray();
        Row("StoreGen (key prefix + Host index)", data, d => d.NewStore());
        Row("ConcurrentDictionary (no index)", data, d => d.NewConcurrentDictionary());
        Row("Dictionary (no index)", data, d => d.NewDictionary());
        Row("ImmutableDictionary (no index)", data, d => d.NewImmutableDictionary());
        Row("FrozenDictionary (no index)", data, d => d.NewFrozenDictionary());
    }

    private static void Row(string name, Dataset[] data, Func<Dataset, object> build)
    {
        var cells = data.Select(d =>
        {
            long before = Settle();
            var structure = build(d);
            long after = Settle();
            GC.KeepAlive(structure);
            return ((after - before) / (double)d.Size).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        });
        Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
    }

    private static long Settle()
    {
        for (int n = 0; n < 3; n++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
