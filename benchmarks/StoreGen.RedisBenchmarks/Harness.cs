using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;
using StoreGen.Redis;

namespace StoreGen.RedisBenchmarks;

/// <summary>A metric series sample (the metric store's shape).</summary>
[Store(Keys = new[] { nameof(SeriesId) })]
public sealed partial record Series(string SeriesId, string Name, string Labels, double Value, DateTimeOffset UpdatedAt);

/// <summary>System.Text.Json source generation for the serializing baseline.</summary>
[JsonSerializable(typeof(Series))]
internal sealed partial class BenchJson : JsonSerializerContext;

internal static class Harness
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Series Item(int n) => new($"cpu{{host=h{n}}}", "cpu", $"host=h{n}", n * 0.5, At);

    private static string Namespace() => "bench-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>StoreGen's <see cref="RedisOptions.BatchSize"/> (the product's default unless <c>batch=N</c> is given).</summary>
    public static int BatchSize { get; set; } = new RedisOptions().BatchSize;

    /// <summary>How many write scripts StoreGen keeps in flight (the product's default unless <c>inflight=N</c> is given).</summary>
    public static int ScriptsInFlight { get; set; } = new RedisOptions().ScriptsInFlight;

    private static RedisOptions Options(ConfigurationOptions configuration, string ns) =>
        new() { Configuration = configuration, Namespace = ns, PollInterval = TimeSpan.FromSeconds(5), BatchSize = BatchSize, ScriptsInFlight = ScriptsInFlight };

    /// <summary>The items every write run writes, made before the clock starts (for StoreGen as for the baselines).</summary>
    public static Series[] Items(int items) => Enumerable.Range(0, items).Select(Item).ToArray();

    /// <summary>
    /// The target baseline: the same write script run directly, payloads and arguments prepared before the clock starts,
    /// batches of 1,000 rows, all in flight at once.
    /// </summary>
    public static async Task<WriteRun> RawWritesAsync(ConnectionMultiplexer connection, Series[] items)
    {
        var keys = await RawKeysAsync(connection);
        var batches = RawBatches(keys, items);
        var run = await WriteRun.MeasureAsync(connection, items.Length, () => RawSendAsync(connection, batches));
        await CleanAsync(connection, keys.Prefix);
        return run;
    }

    /// <summary>
    /// The second baseline: what a user of raw StackExchange.Redis does on the clock — each record serialized with
    /// System.Text.Json source generation, its key text and the script's arguments built — then the same scripts sent.
    /// </summary>
    public static async Task<WriteRun> RawSerializingWritesAsync(ConnectionMultiplexer connection, Series[] items)
    {
        var keys = await RawKeysAsync(connection);
        var run = await WriteRun.MeasureAsync(connection, items.Length, () => RawSendAsync(connection, RawBatches(keys, items)));
        await CleanAsync(connection, keys.Prefix);
        return run;
    }

    private static async Task<RedisKeys> RawKeysAsync(ConnectionMultiplexer connection)
    {
        var keys = new RedisKeys(Namespace(), "SeriesStore");
        await connection.GetDatabase().StringSetAsync(keys.Epoch, "e");
        return keys;
    }

    private static List<(RedisKey[] Keys, RedisValue[] Args)> RawBatches(RedisKeys keys, Series[] items)
    {
        var batches = new List<(RedisKey[] Keys, RedisValue[] Args)>();
        for (int start = 0; start < items.Length; start += 1_000)
        {
            int count = Math.Min(1_000, items.Length - start);
            var k = new RedisKey[5 + count];
            var a = new RedisValue[4 + count * 4];
            (k[0], k[1], k[2], k[3], k[4]) = (keys.Sequence, keys.Log, keys.Expiry, keys.Dead, keys.Epoch);
            (a[0], a[1], a[2], a[3]) = ("e", keys.Channel.ToString(), "PUBLISH", "raw");
            for (int row = 0; row < count; row++)
            {
                var item = items[start + row];
                string member = Encoding.UTF8.GetByteCount(item.SeriesId) + ":" + item.SeriesId;
                k[5 + row] = keys.Item(member);
                (a[4 + row * 4], a[5 + row * 4], a[6 + row * 4], a[7 + row * 4]) = (member, "0", JsonSerializer.SerializeToUtf8Bytes(item, BenchJson.Default.Series), "");
            }
            batches.Add((k, a));
        }
        return batches;
    }

    private static Task RawSendAsync(ConnectionMultiplexer connection, List<(RedisKey[] Keys, RedisValue[] Args)> batches)
    {
        var db = connection.GetDatabase();
        return Task.WhenAll(batches.Select(batch => db.ScriptEvaluateAsync(RedisScripts.Write, batch.Keys, batch.Args)));
    }

    /// <summary>Upserts on a store kept by the backend, one store transaction each, timed until all are durable.</summary>
    public static async Task<WriteRun> StoreGenWritesAsync(ConnectionMultiplexer connection, ConfigurationOptions configuration, Series[] items)
    {
        string ns = Namespace();
        var store = new SeriesStore();
        await using var backend = new RedisLiveBackend(Options(configuration, ns));
        await backend.StartAsync(new ILiveStore[] { store }, CancellationToken.None);
        var run = await WriteRun.MeasureAsync(connection, items.Length, async () =>
        {
            foreach (var item in items)
            {
                store.Upsert(item);
            }
            await store.WhenDurableAsync();
        });
        await CleanAsync((ConnectionMultiplexer)backend.Connection, "{" + ns + ":SeriesStore}");
        return run;
    }

    /// <summary>A leader writes one item at a time; the time until the follower's store has it (PUBLISH hint path).</summary>
    public static async Task<List<double>> FollowerLagAsync(ConfigurationOptions configuration, int writes)
    {
        string ns = Namespace();
        var leader = new SeriesStore();
        var follower = new SeriesStore();
        await using var leaderBackend = new RedisLiveBackend(Options(configuration, ns));
        await using var followerBackend = new RedisLiveBackend(Options(configuration, ns));
        await leaderBackend.StartAsync(new ILiveStore[] { leader }, CancellationToken.None);
        await followerBackend.StartAsync(new ILiveStore[] { follower }, CancellationToken.None);
        var lags = new List<double>();
        using var stop = new CancellationTokenSource();
        // The write being timed: its id and what completes when the follower's change feed reports that id.
        var seen = new Awaited("", new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var set in follower.WatchAsync(follower.Version, stop.Token))
                {
                    var current = Volatile.Read(ref seen);
                    foreach (var change in set.Changes)
                    {
                        if (change.Item.SeriesId == current.Id)
                        {
                            current.Done.TrySetResult();
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        for (int n = 0; n < writes; n++)
        {
            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var item = Item(n);
            Volatile.Write(ref seen, new Awaited(item.SeriesId, waiting));
            var clock = Stopwatch.StartNew();
            leader.Upsert(item);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
            lags.Add(clock.Elapsed.TotalMilliseconds);
        }
        await stop.CancelAsync();
        await watcher;
        await CleanAsync((ConnectionMultiplexer)leaderBackend.Connection, "{" + ns + ":SeriesStore}");
        return lags;
    }

    /// <summary>A replica 1,000 changes behind: the read script for the page, then applying it to the store.</summary>
    public static async Task<(double Read, double Apply)> DeltaAsync(ConnectionMultiplexer connection, ConfigurationOptions configuration, int changes, int runs)
    {
        string ns = Namespace();
        var leader = new SeriesStore();
        await using var backend = new RedisLiveBackend(Options(configuration, ns));
        await backend.StartAsync(new ILiveStore[] { leader }, CancellationToken.None);
        var reads = new List<double>();
        var applies = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            var replica = new RedisReplica(new SeriesStore(), Options(configuration, ns));
            long cursor = backend.Cursors["SeriesStore"];
            for (int n = 0; n < changes; n++)
            {
                leader.Upsert(Item(n) with { Value = run * 1_000 + n });
            }
            await leader.WhenDurableAsync();
            var clock = Stopwatch.StartNew();
            var page = await replica.ReadAsync(connection.GetDatabase(), cursor);
            reads.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            replica.Link.ApplyRemote(page.Rows.Where(r => r.Row is not null).Select(r => r.Row!.Value).ToList(), "bench", page.UpTo);
            applies.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Rows.Count != changes)
            {
                throw new InvalidOperationException($"expected {changes} changes, read {page.Rows.Count}");
            }
            await backend.SyncAsync(CancellationToken.None);
        }
        await CleanAsync(connection, "{" + ns + ":SeriesStore}");
        return (Median(reads), Median(applies));
    }

    /// <summary>
    /// Where StoreGen's write work goes, step by step on one thread (median of <paramref name="runs"/>): upserts into a
    /// store without a backend; upserts into a store whose link queues them; reading the queued batches; encoding them as
    /// script arguments; sending those prepared scripts (two in flight) and acknowledging each. Per step: the
    /// process's CPU time and the bytes allocated on this thread, per item.
    /// </summary>
    public static async Task<IReadOnlyList<(string Step, double Microseconds, double Bytes)>> BreakdownAsync(ConnectionMultiplexer connection, int items, int runs)
    {
        var data = Items(items);
        var steps = new Dictionary<string, (List<double> Cpu, List<double> Bytes)>();
        void Record(string step, (double Cpu, double Bytes) cost)
        {
            if (!steps.TryGetValue(step, out var lists))
            {
                steps[step] = lists = (new(), new());
            }
            lists.Cpu.Add(cost.Cpu);
            lists.Bytes.Add(cost.Bytes);
        }
        for (int run = 0; run < runs; run++)
        {
            var plain = new SeriesStore();
            Record("engine: upserts into a store without a backend", await CostAsync(items, () =>
            {
                foreach (var item in data)
                {
                    plain.Upsert(item);
                }
                return Task.CompletedTask;
            }));

            string ns = Namespace();
            var store = new SeriesStore();
            var replica = new RedisReplica(store, Options(new ConfigurationOptions(), ns)) { Epoch = "e" };
            await connection.GetDatabase().StringSetAsync(replica.Keys.Epoch, "e");
            Record("engine + link: upserts queued for write-behind", await CostAsync(items, () =>
            {
                foreach (var item in data)
                {
                    store.Upsert(item);
                }
                return Task.CompletedTask;
            }));

            var batches = new List<LiveBatch>();
            Record("batches read from the link's queue", await CostAsync(items, async () =>
            {
                for (var batch = await replica.Link.ReadLocalAsync(BatchSize, CancellationToken.None); batch is not null; batch = replica.Link.ReadLocalAfter(batch, BatchSize))
                {
                    batches.Add(batch);
                }
            }));

            var prepared = new List<PreparedWrite>();
            Record("batches encoded (keys, JSON, script arguments)", await CostAsync(items, () =>
            {
                foreach (var batch in batches)
                {
                    prepared.Add(replica.Prepare(batch));
                }
                return Task.CompletedTask;
            }));

            var db = connection.GetDatabase();
            long acknowledging = 0;   // Stopwatch ticks inside LiveLink.Acknowledge
            Record("scripts sent (two in flight) and acknowledged", await CostAsync(items, async () =>
            {
                for (int n = 0; n < prepared.Count; n += 2)
                {
                    var pair = prepared.Skip(n).Take(2).ToArray();
                    var sequences = await Task.WhenAll(pair.Select(write => replica.SendAsync(db, write)));
                    long start = Stopwatch.GetTimestamp();
                    for (int k = 0; k < pair.Length; k++)
                    {
                        replica.Link.Acknowledge(pair[k].Batch, sequences[k]!.Value);
                    }
                    acknowledging += Stopwatch.GetTimestamp() - start;
                }
            }));
            Record("— of which LiveLink.Acknowledge alone (elapsed time inside the calls)", (acknowledging * 1e6 / Stopwatch.Frequency / items, 0));
            await CleanAsync(connection, replica.Keys.Prefix);
        }
        return steps.Select(step => (step.Key, Median(step.Value.Cpu), Median(step.Value.Bytes))).ToList();
    }

    /// <summary>The process's CPU time (µs) and this thread's allocations (bytes) per item of <paramref name="step"/>.</summary>
    private static async Task<(double Cpu, double Bytes)> CostAsync(int items, Func<Task> step)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        await step();
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMicroseconds / items, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / items);
    }

    /// <summary>The write being timed: its id, and what completes when the follower's change feed reports it.</summary>
    private sealed record Awaited(string Id, TaskCompletionSource Done);

    private static async Task CleanAsync(ConnectionMultiplexer connection, string prefix)
    {
        var db = connection.GetDatabase();
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: prefix + "*"))
        {
            await db.KeyDeleteAsync(key);
        }
    }

    public static double Median(List<double> values) => Percentile(values, 0.5);

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
