using System;
using System.Globalization;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace StoreGen.Redis.Tests;

/// <summary>A store's DefaultTimeToLive reaches Redis: items without their own [ExpiresAt] get PEXPIREAT from it.</summary>
public sealed class DefaultTimeToLiveTests
{
    private static async Task<long> ExpireTimeAsync(IDatabase db, RedisKey key) =>
        long.Parse((await db.ScriptEvaluateAsync("return redis.call('PEXPIRETIME', KEYS[1])", [key])).ToString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Items_without_their_own_expiry_expire_in_redis_after_the_default_time_to_live()
    {
        await using var redis = RedisServer.Shared();
        var ttl = TimeSpan.FromHours(1);
        var sessions = new SessionStore(new StoreOptions { DefaultTimeToLive = ttl });
        await redis.StartAsync(sessions);
        var own = DateTimeOffset.UtcNow.AddMinutes(5);
        long before = (DateTimeOffset.UtcNow + ttl).ToUnixTimeMilliseconds();
        sessions.Upsert(new Session("default", "ann", null));
        long after = (DateTimeOffset.UtcNow + ttl).ToUnixTimeMilliseconds();
        sessions.Upsert(new Session("own", "bob", own));
        await sessions.WhenDurableAsync();

        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        string prefix = "{" + redis.Namespace + ":SessionStore}";
        long expires = await ExpireTimeAsync(db, prefix + ":i:7:default");
        Assert.InRange(expires, before, after);
        Assert.Equal(expires, await db.SortedSetScoreAsync(prefix + ":exp", "7:default"));
        Assert.Equal(expires.ToString(CultureInfo.InvariantCulture), (string?)await db.HashGetAsync(prefix + ":i:7:default", "x"));
        Assert.InRange((await db.KeyTimeToLiveAsync(prefix + ":i:7:default"))!.Value, ttl - TimeSpan.FromMinutes(1), ttl);
        Assert.Equal(own.ToUnixTimeMilliseconds(), await ExpireTimeAsync(db, prefix + ":i:3:own"));   // its own [ExpiresAt] wins
    }
}
