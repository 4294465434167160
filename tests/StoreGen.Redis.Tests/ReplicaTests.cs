using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StoreGen.Redis.Tests;

/// <summary>Leaders and followers over Redis: convergence with a model, killed connections, lost data.</summary>
public sealed class ReplicaTests
{
    private static Flag RandomFlag(Random random, int n) =>
        new("k" + random.Next(40), random.Next(2) == 0 ? "prod" : "dev", random.Next(2) == 0, n, n % 5 == 0 ? null : "d" + n);

    /// <summary>Random upserts and deletes on a leader; two followers converge on the model through PUBLISH hints alone.</summary>
    [Fact]
    public async Task A_leader_and_followers_converge_with_the_model()
    {
        await using var redis = RedisServer.Shared();
        var leader = new FlagStore();
        var followers = new[] { new FlagStore(), new FlagStore() };
        await redis.StartAsync(leader);
        foreach (var follower in followers)
        {
            await redis.StartAsync(options => options.PollInterval = TimeSpan.FromMinutes(10), follower);   // hints, not the timer
        }
        var model = new Dictionary<(string, string), Flag>();
        var random = new Random(7);
        for (int n = 0; n < 2_000; n++)
        {
            var flag = RandomFlag(random, n);
            if (random.Next(4) == 0)
            {
                leader.Remove(flag.Key, flag.Env);
                model.Remove((flag.Key, flag.Env));
            }
            else
            {
                leader.Upsert(flag);
                model[(flag.Key, flag.Env)] = flag;
            }
        }
        await leader.WhenDurableAsync();
        var expected = model.Values.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Env, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, Converge.Sorted(leader));
        foreach (var follower in followers)
        {
            await Converge.UntilAsync(follower, () => Converge.Sorted(follower).SequenceEqual(expected), "the follower holds the model");
        }
    }

    /// <summary>
    /// A writer does not read its own batches back: its own hints do not wake it, and acknowledging each batch moves its
    /// cursor on to the batch's sequence (nothing came between). On a server of its own, the change log is never read
    /// (<c>ZRANGEBYSCORE</c>, which only the read and sweep scripts call) after the first catch-up, and the cursor ends
    /// at the sequence.
    /// </summary>
    [Fact]
    public async Task A_writer_moves_its_cursor_over_its_own_batches_without_reading_them_back()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        var leader = new FlagStore();
        var backend = await redis.StartAsync(options => (options.PollInterval, options.SweepInterval) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), leader);
        await using var connection = await redis.ConnectAsync();
        var server = connection.GetServers()[0];
        for (int tries = 0; tries < 600 && backend.LastSyncedAt is null; tries++)
        {
            await Task.Delay(50);   // the follower's first catch-up, which reads the (empty) change log
        }
        Assert.NotNull(backend.LastSyncedAt);
        long reads = await CallsAsync(server, "zrangebyscore");

        for (int n = 0; n < 50; n++)
        {
            leader.Upsert(new Flag("k" + n, "prod", true, n, null));
            await leader.WhenDurableAsync();
        }
        long sequence = (long)await connection.GetDatabase().StringGetAsync("{" + redis.Namespace + ":FlagStore}:seq");
        Assert.Equal(50, sequence);
        for (int tries = 0; tries < 600 && backend.Cursors["FlagStore"] != sequence; tries++)
        {
            await Task.Delay(50);   // the cursor moves right after the acknowledgement that completed the wait
        }
        Assert.Equal(sequence, backend.Cursors["FlagStore"]);
        Assert.Equal(reads, await CallsAsync(server, "zrangebyscore"));
    }

    /// <summary>How many times Redis ran <paramref name="command"/> (scripts' calls included).</summary>
    private static async Task<long> CallsAsync(IServer server, string command)
    {
        var stats = (await server.InfoAsync("commandstats")).SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value);
        return stats.TryGetValue("cmdstat_" + command, out var value) ? long.Parse(value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>A follower whose connections are killed (<c>CLIENT KILL</c>) while the leader writes catches up after reconnecting.</summary>
    [Fact]
    public async Task A_follower_whose_connection_is_killed_catches_up()
    {
        await using var redis = RedisServer.Shared();
        var leader = new FlagStore();
        var follower = new FlagStore();
        await redis.StartAsync(leader);
        string name = "follower-" + Guid.NewGuid().ToString("N")[..8];
        await redis.StartAsync(options =>
        {
            options.Configuration!.ClientName = name;
            options.PollInterval = TimeSpan.FromMinutes(10);   // only a hint or the reconnect can wake it
        }, follower);
        leader.Upsert(new Flag("before", "prod", true, 1, null));
        await Converge.UntilAsync(follower, () => follower.Count == 1, "the follower saw the first write");

        await using var admin = await redis.ConnectAsync();
        var server = admin.GetServers()[0];
        var clients = (await server.ClientListAsync()).Where(client => client.Name == name).ToArray();
        Assert.NotEmpty(clients);
        foreach (var client in clients)
        {
            await server.ClientKillAsync(client.Id, clientType: null, endpoint: null, skipMe: true);
        }
        for (int n = 0; n < 100; n++)
        {
            leader.Upsert(new Flag("during" + n, "prod", true, n, null));
        }
        await leader.WhenDurableAsync();
        await Converge.UntilAsync(follower, () => follower.Count == 101, "the follower caught up after its connection was killed");
        Assert.Equal(Converge.Sorted(leader), Converge.Sorted(follower));
    }

    /// <summary>FLUSHALL mid-run: the epoch is gone, every replica resets to what Redis holds; none keeps data the others lost.</summary>
    [Fact]
    public async Task Flushall_mid_run_resets_every_replica()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        var leader = new FlagStore();
        var follower = new FlagStore();
        var leaderBackend = await redis.StartAsync(leader);
        var followerBackend = await redis.StartAsync(follower);
        leader.UpsertMany(Enumerable.Range(0, 10).Select(n => new Flag("old" + n, "prod", true, n, null)));
        await leader.WhenDurableAsync();
        await Converge.UntilAsync(follower, () => follower.Count == 10, "the follower has the first items");

        await using (var admin = await redis.ConnectAsync())
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
            // as if a failover promoted a replica whose sequence is ahead of the replicas' cursors: only the epoch tells
            await admin.GetDatabase().StringSetAsync("{" + redis.Namespace + ":FlagStore}:seq", 1_000);
        }
        leader.Upsert(new Flag("new", "prod", true, 99, null));
        await leader.WhenDurableAsync();
        await Converge.UntilAsync(follower, () => follower.Count == 1 && follower.Get("new", "prod") is not null, "the follower reset to what Redis holds");
        Assert.Equal(new[] { "new" }, leader.ToArray().Select(f => f.Key));
        Assert.True(leaderBackend.Resets >= 1, "the leader reset");
        Assert.True(followerBackend.Resets >= 1, "the follower reset");
    }

    /// <summary>Items carry PEXPIREAT and the expiry index; once Redis freed one, the sweeper removes its index entry and logs its deletion.</summary>
    [Fact]
    public async Task Expiry_sets_pexpireat_and_the_sweeper_cleans_the_index()
    {
        await using var redis = RedisServer.Shared();
        var sessions = new SessionStore();
        var backend = await redis.StartAsync(options => options.SweepInterval = TimeSpan.FromHours(1), sessions);
        var expires = DateTimeOffset.UtcNow.AddSeconds(2);
        sessions.Upsert(new Session("short", "ann", expires));
        sessions.Upsert(new Session("forever", "bob", null));
        await sessions.WhenDurableAsync();
        await backend.DisposeAsync();   // no replica left to expire it locally: Redis alone must free it

        await using var admin = await redis.ConnectAsync();
        var db = admin.GetDatabase();
        string prefix = "{" + redis.Namespace + ":SessionStore}";
        RedisKey shortKey = prefix + ":i:5:short", foreverKey = prefix + ":i:7:forever";
        Assert.Equal(new[] { prefix + ":epoch", prefix + ":exp", (string)shortKey!, (string)foreverKey!, prefix + ":log", prefix + ":seq" }, await redis.KeysAsync());
        Assert.Equal(expires.ToUnixTimeMilliseconds(), (await db.ScriptEvaluateAsync("return redis.call('PEXPIRETIME', KEYS[1])", [shortKey])).ToString() is var ms ? long.Parse(ms!, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Assert.Null(await db.KeyTimeToLiveAsync(foreverKey));
        Assert.Equal(expires.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync(prefix + ":exp", "5:short"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.KeyExistsAsync(shortKey) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);   // waiting for Redis's own expiry, bounded
        }
        Assert.False(await db.KeyExistsAsync(shortKey), "Redis freed the expired item without any sweeper");
        double before = (await db.SortedSetScoreAsync(prefix + ":log", "5:short"))!.Value;

        var sweeper = await redis.StartAsync(new SessionStore());
        Assert.Equal(1, await sweeper.SweepAsync());
        Assert.Null(await db.SortedSetScoreAsync(prefix + ":exp", "5:short"));
        Assert.True((await db.SortedSetScoreAsync(prefix + ":log", "5:short"))!.Value > before, "the deletion is in the change log");
        Assert.NotNull(await db.SortedSetScoreAsync(prefix + ":dead", "5:short"));
        Assert.True(await db.KeyExistsAsync(foreverKey));
        Assert.Equal(0, await sweeper.SweepAsync());
    }

    /// <summary>
    /// Redis down mid-run (and back empty): reads keep serving, writes queue, and once it returns the replica resets to
    /// the new epoch and the queued write lands — nothing acknowledged is lost, nothing is silently kept apart.
    /// </summary>
    [Fact]
    public async Task Writes_queued_while_redis_is_down_land_after_it_returns()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        var store = new FlagStore();
        var backend = await redis.StartAsync(store);
        store.Upsert(new Flag("before", "prod", true, 1, null));
        await store.WhenDurableAsync();
        await redis.StopServerAsync();

        store.Upsert(new Flag("queued", "prod", true, 2, null));
        Assert.NotNull(store.Get("queued", "prod"));   // reads serve while Redis is down
        Assert.False(store.WhenDurableAsync().IsCompleted, "nothing is acknowledged while Redis is down");
        await redis.StartServerAsync();
        using (var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await store.WhenDurableAsync(timeout.Token);
        }
        await using var check = await redis.ConnectAsync();
        Assert.True(await check.GetDatabase().KeyExistsAsync("{" + redis.Namespace + ":FlagStore}:i:6:queued4:prod"));
        Assert.True(backend.Resets >= 1, $"the replica noticed the new epoch ({backend.LastError})");
        Assert.Equal(new[] { "queued" }, store.ToArray().Select(f => f.Key));   // Redis lost "before": every replica agrees on that
    }
}
