using System;
using System.Linq;
using System.Threading.Tasks;

namespace StoreGen.Redis.Tests;

/// <summary>Key encoding: user keys with Redis's special characters stay inside their store's keys, distinct and exact.</summary>
public sealed class KeyTests
{
    private static readonly string[] Nasty =
    {
        "{", "}", "}{", ":", "a:b", "*", "?[]", "\n", "line\r\nbreak", "\0", "\u0001\u00ff\uffff", "{other:FlagStore}:i:1:x", "5:short", "",
    };

    [Fact]
    public async Task Nasty_keys_round_trip_and_stay_inside_the_stores_hash_tag()
    {
        await using var redis = RedisServer.Shared();
        var a = new FlagStore();
        var b = new FlagStore();
        await redis.StartAsync(a);
        var follower = await redis.StartAsync(b);
        var flags = Nasty.SelectMany(key => Nasty.Select(env => new Flag(key, env, true, key.Length, env))).ToArray();
        a.UpsertMany(flags);
        // ("a:b", ":") and ("a", "b::") would collide under a naive "key:env" join; both exist here
        a.Upsert(new Flag("a", "b::", false, -1, null));
        await a.WhenDurableAsync();
        await follower.SyncAsync(default);
        Assert.Equal(flags.Length + 1, a.Count);
        Assert.Equal(Converge.Sorted(a).Select(f => (f.Key, f.Env)), Converge.Sorted(b).Select(f => (f.Key, f.Env)));
        Assert.Equal(Converge.Sorted(a), Converge.Sorted(b));

        string tag = "{" + redis.Namespace + ":FlagStore}";
        var keys = await redis.KeysAsync();
        Assert.Equal(flags.Length + 1 + 3, keys.Length);   // the items, seq, log and epoch: nothing outside the store
        Assert.All(keys, key => Assert.StartsWith(tag + ":", key, StringComparison.Ordinal));
        Assert.Equal(flags.Length + 1, keys.Count(key => key.StartsWith(tag + ":i:", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_namespace_or_store_name_that_would_break_the_hash_tag_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RedisKeys("a}b", "FlagStore"));
        Assert.Throws<ArgumentException>(() => new RedisKeys("ns", "Flag{Store"));
    }
}
