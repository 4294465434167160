using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;
using StoreGen.Testing;

namespace StoreGen.Redis.Tests;

/// <summary>
/// The backend on a real 3-master Redis Cluster: every key of a store (and of the locks) shares one hash tag, so the
/// scripts — write, limited write, read, sweep, locks — run on the one node that serves that slot.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterTests(RedisCluster cluster)
{
    [Fact]
    public async Task A_leader_and_a_follower_converge_with_every_script_on_a_cluster()
    {
        await using var redis = cluster.Server();
        var (leaderFlags, leaderSessions) = (new FlagStore(new StoreOptions<Flag> { MaxCount = 20 }), new SessionStore());
        var (followerFlags, followerSessions) = (new FlagStore(new StoreOptions<Flag> { MaxCount = 20 }), new SessionStore());
        var leader = await redis.StartAsync(leaderFlags, leaderSessions);
        await redis.StartAsync(followerFlags, followerSessions);

        leaderFlags.UpsertMany(Enumerable.Range(0, 20).Select(n => new Flag("k" + n, "prod", true, n, null)));
        leaderFlags.Remove("k0", "prod");
        leaderSessions.Upsert(new Session("gone", "ann", DateTimeOffset.UtcNow.AddMilliseconds(-1)));
        leaderSessions.Upsert(new Session("kept", "bob", DateTimeOffset.UtcNow.AddHours(1)));
        await leaderFlags.WhenDurableAsync();
        await leaderSessions.WhenDurableAsync();
        Assert.Equal(1, await leader.SweepAsync());   // the sweeper's script: "gone" is due

        // The limited write script refuses a transaction that would exceed MaxCount across replicas (19 + 2 > 20).
        var late = new FlagStore(new StoreOptions<Flag> { MaxCount = 20 });
        late.UpsertMany([new Flag("over", "prod", true, 0, null), new Flag("over2", "prod", true, 0, null)]);
        await redis.StartAsync(late);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<StoreException>(() => late.WhenDurableAsync(timeout.Token));

        await Converge.UntilAsync(followerFlags, () => Converge.Sorted(followerFlags).SequenceEqual(Converge.Sorted(leaderFlags)), "the follower's flags match the leader's");
        await Converge.UntilAsync(followerSessions, () => followerSessions.Count == 1 && followerSessions.Get("kept") is not null, "the follower's sessions match");
        Assert.Equal(19, leaderFlags.Count);
        await Converge.UntilAsync(late, () => Converge.Sorted(late).SequenceEqual(Converge.Sorted(leaderFlags)), "the refused transaction was undone");

        // Each store's keys live in one slot; the two stores (and the locks) are spread over the cluster's masters.
        await using var connection = await redis.ConnectAsync();
        Assert.Equal(3, connection.GetServers().Count(server => !server.IsReplica));
        var slots = (await redis.KeysAsync()).GroupBy(key => key[..(key.IndexOf('}', StringComparison.Ordinal) + 1)])
            .ToDictionary(group => group.Key, group => group.Select(key => connection.HashSlot(key)).Distinct().ToArray());
        Assert.Equal(2, slots.Count);
        Assert.All(slots.Values, keySlots => Assert.Single(keySlots));

        var locks = new RedisLockProvider(connection, redis.Namespace);
        var lease = await locks.TryAcquireAsync("job", TimeSpan.FromMinutes(1));
        Assert.NotNull(lease);
        Assert.Null(await locks.TryAcquireAsync("job", TimeSpan.FromMinutes(1)));
        Assert.True(await locks.ReleaseAsync(lease));
    }

    /// <summary>
    /// On a cluster the change hint is sharded (SPUBLISH/SSUBSCRIBE): only the shard owning the store's slot carries it,
    /// and it reaches a follower whose poll interval is far beyond the wait (so the timer cannot deliver the change).
    /// </summary>
    [Fact]
    public async Task A_follower_gets_the_change_through_a_sharded_hint()
    {
        await using var redis = cluster.Server();
        var (leader, follower) = (new FlagStore(), new FlagStore());
        await redis.StartAsync(leader);
        await redis.StartAsync(options => options.PollInterval = TimeSpan.FromMinutes(10), follower);   // hints, not the timer

        leader.Upsert(new Flag("k", "prod", true, 1, null));
        await Converge.UntilAsync(follower, () => follower.Get("k", "prod") is { Rollout: 1 }, "the follower has the leader's write");

        await using var connection = await redis.ConnectAsync();
        string channel = "{" + redis.Namespace + ":FlagStore}:changed";
        var owner = connection.GetServer((await connection.GetDatabase().IdentifyEndpointAsync(channel))!);
        var sharded = (RedisResult[])(await owner.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!;
        Assert.Equal(2, (long)sharded[1]);   // the leader and the follower, on the shard that owns the slot
        foreach (var server in connection.GetServers())
        {
            var classic = (RedisResult[])(await server.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
            Assert.Equal(0, (long)classic[1]);
        }
    }
}

/// <summary>The live-backend conformance suite on a 3-master Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterConformanceTests(RedisCluster cluster) : LiveBackendConformanceTests
{
    private readonly RedisServer _redis = cluster.Server();

    protected override async Task<ILiveBackend> StartReplicaAsync(IReadOnlyList<ILiveStore> stores) =>
        await _redis.StartAsync(stores.ToArray());

    protected override Task CleanUpAsync() => _redis.DisposeAsync().AsTask();
}
