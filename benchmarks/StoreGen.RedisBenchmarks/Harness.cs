using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;
using StoreGen.Redis;

namespace StoreGen.RedisBenchmarks;

/// <summary>A metric series sample (the metric store's shape).</summary>
[Store(Keys = new[] { nameof(SeriesId) })]
public sealed partial record Series(string SeriesId, string Name, string Labels, double Value, DateTimeOffset UpdatedAt);

internal static class Harness
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Series Item(int n) => new($"cpu{{host=h{n}}}", "cpu", $"host=h{n}", n * 0.5, At);

    private static string Namespace() => "bench-" + Guid.NewGuid().ToString("N")[..8];

    private static RedisOptions Options(ConfigurationOptions configuration, string ns) =>
        new() { Configuration = configuration, Namespace = ns, PollInterval = TimeSpan.FromSeconds(5) };

    /// <summary>The same write script run directly: payloads prepared beforehand, batches of 1,000 rows, all in flight at once.</summary>
    public static async Task<double> RawWritesAsync(ConnectionMultiplexer connection, int items)
    {
        var db = connection.GetDatabase();
        var keys = new RedisKeys(Namespace(), "SeriesStore");
        await db.StringSetAsync(keys.Epoch, "e");
        var batches = new List<(RedisKey[] Keys, RedisValue[] Args)>();
        for (int start = 0; start < items; start += 1_000)
        {
            int count = Math.Min(1_000, items - start);
            var k = new RedisKey[5 + count];
            var a = new RedisValue[2 + count * 4];
            (k[0], k[1], k[2], k[3], k[4]) = (keys.Sequence, keys.Log, keys.Expiry, keys.Dead, keys.Epoch);
            (a[0], a[1]) = ("e", keys.Channel.ToString());
            for (int row = 0; row < count; row++)
            {
                var item = Item(start + row);
                string member = Encoding.UTF8.GetByteCount(item.SeriesId) + ":" + item.SeriesId;
                k[5 + row] = keys.Item(member);
                (a[2 + row * 4], a[3 + row * 4], a[4 + row * 4], a[5 + row * 4]) = (member, "0", System.Text.Json.JsonSerializer.Serialize(new { item.SeriesId, item.Name, item.Labels, item.Value, item.UpdatedAt }), "");
            }
            batches.Add((k, a));
        }
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(batches.Select(batch => db.ScriptEvaluateAsync(RedisScripts.Write, batch.Keys, batch.Args)));
        double rate = items / clock.Elapsed.TotalSeconds;
        await CleanAsync(connection, keys.Prefix);
        return rate;
    }

    /// <summary>Upserts on a store kept by the backend, one store transaction each, timed until all are durable.</summary>
    public static async Task<double> StoreGenWritesAsync(ConfigurationOptions configuration, int items)
    {
        string ns = Namespace();
        var store = new SeriesStore();
        await using var backend = new RedisLiveBackend(Options(configuration, ns));
        await backend.StartAsync(new ILiveStore[] { store }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        for (int n = 0; n < items; n++)
        {
            store.Upsert(Item(n));
        }
        await store.WhenDurableAsync();
        double rate = items / clock.Elapsed.TotalSeconds;
        await CleanAsync((ConnectionMultiplexer)backend.Connection, "{" + ns + ":SeriesStore}");
        return rate;
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
