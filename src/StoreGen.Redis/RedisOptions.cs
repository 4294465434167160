using System;
using StackExchange.Redis;

namespace StoreGen.Redis;

/// <summary>Settings of the <c>redis</c> live backend (<c>AddRedis()</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>Where Redis is (from <c>REDIS_URL</c>, a <c>redis://[:password@]host:port[/db]</c> URL, or <c>ConnectionStrings:Redis</c>). Required.</summary>
    public ConfigurationOptions? Configuration { get; set; }

    /// <summary>
    /// The key namespace (default <c>storegen</c>): every key of store <c>S</c> starts with the hash tag
    /// <c>{namespace:S}</c>. Two applications sharing one Redis use different namespaces. It may not contain <c>{</c> or <c>}</c>.
    /// </summary>
    public string Namespace { get; set; } = "storegen";

    /// <summary>The protocol to speak (default RESP2; RESP3 needs Redis 6 or newer).</summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp2;

    /// <summary>How often each replica reads the change log when no PUBLISH hint woke it (default 5 s): the fallback when a hint is lost.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often one replica (a <c>SET NX PX</c> lease, with jitter) removes expired index entries and old tombstones (default 10 s).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many sequence numbers of tombstones (deleted items) are kept so followers see deletes (default 100 000). A
    /// follower whose cursor falls below the purged ones reloads the store (a reset).
    /// </summary>
    public long TombstoneRetention { get; set; } = 100_000;

    /// <summary>The most rows written by one script (default 1 000; a single larger store transaction is written whole).</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// The most write scripts of one store in flight at once (4; at least 1), in order on the one connection. Internal:
    /// the benchmark compares depths.
    /// </summary>
    internal int ScriptsInFlight { get; set; } = 4;

    /// <summary>The most change-log entries read per round trip (default 1 000).</summary>
    public int PageSize { get; set; } = 1_000;

    /// <summary>The most local changes queued while Redis is slow or unreachable (default 100 000); beyond it writes are rejected.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>The first delay before retrying after a failure (default 200 ms); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries (default 10 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
