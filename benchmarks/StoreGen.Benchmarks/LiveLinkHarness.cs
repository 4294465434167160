using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using StoreGen.Live;

namespace StoreGen.Benchmarks;

/// <summary>
/// The live link's write-behind path in process, no server: each round upserts distinct keys (the engine queues them
/// through the link), reads them back as batches, acknowledges each batch and settles them with an empty remote apply,
/// as a backend does. Reports the time per item of each step and of the whole round, and the bytes allocated per item.
/// </summary>
public static class LiveLinkHarness
{
    private const int BatchRows = 512;

    public static void Run(int items, int rounds)
    {
        var data = new Dataset(items);
        var store = new BenchItemStore();
        var link = ((ILiveStore)store).AttachLive(new LiveLinkOptions { QueueCapacity = items * 2, Target = "the harness" });
        long database = 0;
        var best = new double[4];
        Array.Fill(best, double.MaxValue);
        double bestBytes = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            var written = (round & 1) == 0 ? data.Items : data.Updates;
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            foreach (var item in written)
            {
                store.Upsert(item);
            }
            long upserted = Stopwatch.GetTimestamp();
            long readTicks = 0, ackTicks = 0;
            while (link.QueueDepth > 0)
            {
                long before = Stopwatch.GetTimestamp();
                var batch = link.ReadLocalAsync(BatchRows, CancellationToken.None).AsTask().Result;
                long read = Stopwatch.GetTimestamp();
                link.Acknowledge(batch, ++database);
                readTicks += read - before;
                ackTicks += Stopwatch.GetTimestamp() - read;
            }
            long acknowledged = Stopwatch.GetTimestamp();
            link.ApplyRemote(Array.Empty<RemoteRow>(), "the harness", database);
            long settled = Stopwatch.GetTimestamp();
            double perItem = written.Length;
            best[0] = Math.Min(best[0], Micros(upserted - start) / perItem);
            best[1] = Math.Min(best[1], Micros(readTicks) / perItem);
            best[2] = Math.Min(best[2], Micros(ackTicks) / perItem);
            best[3] = Math.Min(best[3], Micros(settled - acknowledged) / perItem);
            bestBytes = Math.Min(bestBytes, (GC.GetAllocatedBytesForCurrentThread() - bytes) / perItem);
        }
        Console.WriteLine($"live link write-behind, {items:N0} distinct keys a round, batches of {BatchRows}, best of {rounds} rounds (µs per item)");
        Console.WriteLine("| upsert + publish | read batches | acknowledge | settle | link total (read + ack + settle) | bytes per item (whole round) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {F(best[0])} | {F(best[1])} | {F(best[2])} | {F(best[3])} | {F(best[1] + best[2] + best[3])} | {bestBytes:0} |");
    }

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
