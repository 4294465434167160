using System;
using StackExchange.Redis;

namespace StoreGen.Redis;

/// <summary>
/// The key layout of one store (docs/redis.md shows it with examples). Every key starts with the hash tag
/// <c>{namespace:store}</c>, so all of a store's keys live in one Redis Cluster slot and one script may touch them all:
/// <list type="table">
/// <item><term><c>{ns:store}:i:&lt;member&gt;</c></term><description>a hash per item: <c>p</c> the payload (the
/// generated codec's JSON), <c>v</c> the sequence number of its last change, <c>d</c> <c>1</c> for a tombstone,
/// <c>x</c> its expiry (Unix ms; the key also carries <c>PEXPIREAT</c>).</description></item>
/// <item><term><c>{ns:store}:seq</c></term><description>the change sequence (<c>INCR</c> once per script).</description></item>
/// <item><term><c>{ns:store}:log</c></term><description>the change log: a sorted set of members scored by the sequence of
/// their last change (compacted: one entry per key; deletes stay as tombstones until purged).</description></item>
/// <item><term><c>{ns:store}:exp</c></term><description>the expiry index: members scored by expiry (Unix ms).</description></item>
/// <item><term><c>{ns:store}:dead</c></term><description>tombstones, scored by the sequence of their delete.</description></item>
/// <item><term><c>{ns:store}:horizon</c></term><description>the highest sequence of a purged tombstone: a cursor below it resets.</description></item>
/// <item><term><c>{ns:store}:epoch</c></term><description>a random value set when the store's data is created; a
/// different (or missing) value means the data was lost or replaced, and every replica resets.</description></item>
/// <item><term><c>{ns:store}:sweep</c></term><description>the sweeper's lease (<c>SET NX PX</c>).</description></item>
/// <item><term><c>{ns:store}:changed</c></term><description>the pub/sub channel of change hints (the new sequence and
/// the writing replica): classic <c>PUBLISH</c> on a standalone server, sharded <c>SPUBLISH</c> on a cluster, so a hint
/// stays on the shard that owns the store's slot.</description></item>
/// </list>
/// A <c>&lt;member&gt;</c> is the key encoded by <see cref="RedisKeyEncoder"/>; it only ever follows the fixed prefix,
/// so no user key can reach another store's (or namespace's) keys.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string ns, string store, bool sharded = false)
    {
        if (ns.AsSpan().IndexOfAny('{', '}') >= 0 || store.AsSpan().IndexOfAny("{}:") >= 0)
        {
            throw new ArgumentException($"the Redis namespace '{ns}' and store name '{store}' may not contain '{{' or '}}' (nor a store name ':')");
        }
        Prefix = "{" + ns + ":" + store + "}";
        ItemPrefix = Prefix + ":i:";
        Sequence = Prefix + ":seq";
        Log = Prefix + ":log";
        Expiry = Prefix + ":exp";
        Dead = Prefix + ":dead";
        Horizon = Prefix + ":horizon";
        Epoch = Prefix + ":epoch";
        Sweep = Prefix + ":sweep";
        Channel = sharded ? RedisChannel.Sharded(Prefix + ":changed") : RedisChannel.Literal(Prefix + ":changed");
        Publish = sharded ? "SPUBLISH" : "PUBLISH";
        _itemPrefix = System.Text.Encoding.UTF8.GetBytes(ItemPrefix);
        Source = "redis " + Prefix + ":log";
    }

    /// <summary>Where remote rows come from, for messages.</summary>
    public string Source { get; }

    public string Prefix { get; }

    public string ItemPrefix { get; }

    public RedisKey Sequence { get; }

    public RedisKey Log { get; }

    public RedisKey Expiry { get; }

    public RedisKey Dead { get; }

    public RedisKey Horizon { get; }

    public RedisKey Epoch { get; }

    public RedisKey Sweep { get; }

    public RedisChannel Channel { get; }

    /// <summary>The command the scripts publish a hint with: <c>SPUBLISH</c> on a cluster, <c>PUBLISH</c> otherwise.</summary>
    public string Publish { get; }

    private readonly RedisKey _itemPrefix;

    /// <summary>The hash of the item whose encoded key is <paramref name="member"/>.</summary>
    public RedisKey Item(string member) => ItemPrefix + member;

    /// <summary>The hash of the item whose encoded key is <paramref name="member"/> (UTF-8; not copied).</summary>
    public RedisKey Item(byte[] member) => ((RedisKey)member).Prepend(_itemPrefix);
}
