using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StoreGen.Redis.Tests;

/// <summary>MaxCount enforced in Redis across replicas: a transaction Redis refuses is undone on the replica that made it.</summary>
public sealed class LimitTests
{
    private const int Max = 10;

    private static FlagStore LimitedStore() => new(new StoreOptions<Flag> { MaxCount = Max, Overflow = OverflowPolicy.Reject });

    private static async Task<long> CountInRedisAsync(RedisServer redis)
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        string prefix = "{" + redis.Namespace + ":FlagStore}";
        return await db.SortedSetLengthAsync(prefix + ":log") - await db.SortedSetLengthAsync(prefix + ":dead");
    }

    private static async Task<string[]> ItemsInRedisAsync(RedisServer redis) =>
        (await redis.KeysAsync()).Where(key => key.Contains("}:i:", StringComparison.Ordinal)).ToArray();

    /// <summary>Waits (bounded) until every local change of <paramref name="backend"/> was written or refused.</summary>
    private static async Task DrainedAsync(RedisLiveBackend backend)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (backend.QueueDepth > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);   // the queue's depth has no change feed of its own; bounded
        }
        Assert.Equal(0, backend.QueueDepth);
    }

    /// <summary>
    /// Each replica writes <see cref="Max"/> new flags, one transaction each. Returns the keys its store accepted, those
    /// whose durability wait completed (that write and every earlier one are in Redis), and the refusals the waits threw
    /// (a wait covering a refused transaction throws, also for a later write queued before the refusal).
    /// </summary>
    private static async Task<(List<string> Accepted, List<string> Durable, List<StoreException> Refused)> WriteAsync(FlagStore store, string prefix)
    {
        var waits = new List<(string Key, Task Durable)>();
        for (int n = 0; n < Max; n++)
        {
            try
            {
                store.Upsert(new Flag(prefix + n, "prod", true, n, null));
                waits.Add((prefix + n, store.WhenDurableAsync(store.Version)));
            }
            catch (StoreException)
            {
                // refused by this replica's own store: it already holds MaxCount items (some maybe from the other replica)
            }
        }
        var durable = new List<string>();
        var refused = new List<StoreException>();
        foreach (var (key, wait) in waits)
        {
            try
            {
                await wait.WaitAsync(TimeSpan.FromSeconds(60));
                durable.Add(key);
            }
            catch (StoreException error)
            {
                refused.Add(error);
            }
        }
        return (waits.ConvertAll(wait => wait.Key), durable, refused);
    }

    /// <summary>
    /// Two replicas race to the limit: Redis never holds more than MaxCount items; every write either landed in Redis or
    /// was refused, and a refusal throws from the durability wait a StoreException naming the limit and the key; both
    /// replicas end with what Redis holds. Whether they really raced (each accepting writes locally that Redis then
    /// refused) depends on scheduling: a round where one replica saw the other's writes first is run again, 5 rounds at most.
    /// </summary>
    [Fact]
    public async Task Two_replicas_racing_to_the_limit_never_exceed_it_together()
    {
        int round = 0;
        while (round++ < 5 && !await RaceAsync())
        {
        }
        Assert.True(round <= 5, "in 5 rounds the replicas never raced: each time one saw the other's writes before writing");
    }

    /// <summary>One race on a fresh namespace; returns whether Redis refused any transaction.</summary>
    private static async Task<bool> RaceAsync()
    {
        await using var redis = RedisServer.Shared();
        var (a, b) = (LimitedStore(), LimitedStore());
        var backendA = await redis.StartAsync(a);
        var backendB = await redis.StartAsync(b);

        var results = await Task.WhenAll(Task.Run(() => WriteAsync(a, "a")), Task.Run(() => WriteAsync(b, "b")));
        await DrainedAsync(backendA);   // a wait throws at the first refusal covering it: later transactions may still be queued
        await DrainedAsync(backendB);
        var accepted = results.SelectMany(result => result.Accepted).ToHashSet();
        var durable = results.SelectMany(result => result.Durable).ToList();
        var errors = results.SelectMany(result => result.Refused).ToList();
        var refused = errors.Select(error => (string)error.Keys[0]!).ToHashSet();

        var expected = (await ItemsInRedisAsync(redis)).Select(key => key[(key.IndexOf("}:i:", StringComparison.Ordinal) + 6)..^6]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length, await CountInRedisAsync(redis));
        Assert.InRange(expected.Length, 1, Max);
        Assert.Subset(accepted, expected.ToHashSet());
        Assert.Subset(expected.ToHashSet(), durable.ToHashSet());
        Assert.Empty(refused.Intersect(expected));
        Assert.Equal(accepted.Count - expected.Length, backendA.Refusals + backendB.Refusals);   // every write accepted locally landed or was refused
        foreach (var error in errors)
        {
            Assert.Equal("FlagStore", error.StoreName);
            Assert.Equal("WriteBehind", error.Operation);
            Assert.Equal("prod", error.Keys[1]);
            Assert.Contains($"holds {Max} items and the store's MaxCount is {Max}: Redis refused this transaction", error.Reason, StringComparison.Ordinal);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await backendA.SyncAsync(timeout.Token);
        await backendB.SyncAsync(timeout.Token);
        Assert.Equal(expected, a.ToArray().Select(flag => flag.Key).Order(StringComparer.Ordinal));
        Assert.Equal(expected, b.ToArray().Select(flag => flag.Key).Order(StringComparer.Ordinal));
        if (refused.Count == 0)
        {
            return false;
        }
        Assert.Equal(Max, expected.Length);   // a refusal means Redis was full
        return true;
    }

    /// <summary>
    /// A transaction refused by Redis is undone on its replica, keys it updated included (they go back to Redis's state),
    /// and a durability wait asked for afterwards throws too; updates and deletes at the limit are never refused.
    /// </summary>
    [Fact]
    public async Task A_refused_transaction_is_undone_and_its_late_durability_wait_throws()
    {
        await using var redis = RedisServer.Shared();
        var full = LimitedStore();
        await redis.StartAsync(full);
        full.UpsertMany(Enumerable.Range(0, Max).Select(n => new Flag("f" + n, "prod", true, n, null)));
        await full.WhenDurableAsync();

        // The other replica's items are written before its backend loads: its store holds them, not Redis's.
        var late = LimitedStore();
        late.Upsert(new Flag("f0", "prod", false, 99, "changed"));
        late.Upsert(new Flag("new", "prod", true, 1, null));
        var backend = await redis.StartAsync(late);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<StoreException>(() => late.WhenDurableAsync(timeout.Token));
        Assert.Equal(new object?[] { "new", "prod" }, error.Keys);
        Assert.Equal(1, backend.Refusals);
        await Converge.UntilAsync(late, () => late.Get("new", "prod") is null && late.Get("f0", "prod")!.Rollout == 0, "the refused transaction was undone");
        Assert.Equal(Converge.Sorted(full), Converge.Sorted(late));
        Assert.Equal(Max, await CountInRedisAsync(redis));

        await backend.StopAsync(timeout.Token);   // flushes and stops; the refusal it meets is logged, not thrown

        full.Upsert(new Flag("f1", "prod", false, 7, null));   // an update at the limit
        full.Remove("f2", "prod");
        full.Upsert(new Flag("f2", "dev", false, 7, null));    // a delete makes room for an add
        await full.WhenDurableAsync(timeout.Token);
        Assert.Equal(Max, await CountInRedisAsync(redis));
    }
}
