using System;
using System.Threading.Tasks;

namespace StoreGen.Redis.Tests;

/// <summary>The sweeper runs on one replica at a time: the one that takes the store's <c>SET NX PX</c> lease.</summary>
public sealed class SweeperTests
{
    [Fact]
    public async Task Only_the_replica_holding_the_sweep_lease_sweeps()
    {
        await using var redis = RedisServer.Shared();
        var a = await redis.StartAsync(options => options.SweepInterval = TimeSpan.FromHours(1), new SessionStore());
        var b = await redis.StartAsync(options => options.SweepInterval = TimeSpan.FromHours(1), new SessionStore());
        await using var admin = await redis.ConnectAsync();
        var db = admin.GetDatabase();
        string prefix = "{" + redis.Namespace + ":SessionStore}";
        await db.SortedSetAddAsync(prefix + ":exp", "1:x", 1);   // an index entry long due

        Assert.Equal(1, await a.SweepAsync(force: false));
        Assert.True(await db.KeyTimeToLiveAsync(prefix + ":sweep") > TimeSpan.Zero, "the lease carries a time to live");
        await db.SortedSetAddAsync(prefix + ":exp", "1:y", 1);
        Assert.Equal(0, await b.SweepAsync(force: false));   // a holds the lease
        Assert.Equal(1, await db.SortedSetLengthAsync(prefix + ":exp"));
        Assert.Equal(1, await b.SweepAsync(force: true));
        Assert.Equal(0, await db.SortedSetLengthAsync(prefix + ":exp"));
    }
}
