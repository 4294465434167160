using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Locks;

namespace StoreGen.Redis;

/// <summary>
/// <see cref="ILockProvider"/> on one Redis (the metric store's job and de-duplication locks): a lock is
/// <c>SET key token NX PX ttl</c> with a random token, taken together with a fencing token from <c>INCR</c> in one
/// script; release and extend compare the token in a script. No Redlock: one Redis (or one primary) decides. Keys are
/// <c>{namespace:locks}:&lt;key&gt;</c> and <c>{namespace:locks}:fence</c> (one hash tag). docs/locks.md states what
/// is and is not guaranteed.
/// </summary>
public sealed class RedisLockProvider : ILockProvider
{
    private const string AcquireScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return redis.call('INCR', KEYS[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private const string ExtendScript = """
        if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly RedisKey _fence;
    private readonly TimeProvider _clock;

    /// <summary>Creates a provider on <paramref name="connection"/>, with keys under <paramref name="ns"/> (the backend's namespace by default).</summary>
    public RedisLockProvider(IConnectionMultiplexer connection, string ns = "storegen", TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(ns);
        if (ns.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"the Redis namespace '{ns}' may not contain '{{' or '}}'", nameof(ns));
        }
        _connection = connection;
        _prefix = "{" + ns + ":locks}:";
        _fence = _prefix + "fence";
        _clock = clock ?? TimeProvider.System;
    }

    private IDatabase Db => _connection.GetDatabase();

    private RedisKey KeyOf(string key) => _prefix + "k:" + key;

    /// <inheritdoc />
    public async ValueTask<LockLease?> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Check(key, ttl);
        // Stryker disable once String : any format of a fresh Guid is as unique a token
        string token = Guid.NewGuid().ToString("N");
        var now = _clock.GetUtcNow();
        // Stryker disable once Boolean : ConfigureAwait differs only under a synchronization context
        long fencing = (long)await Db.ScriptEvaluateAsync(AcquireScript, [KeyOf(key), _fence], [token, Ms(ttl)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return fencing == 0 ? null : new LockLease(key, token, fencing, now + ttl);
    }

    /// <inheritdoc />
    public async ValueTask<LockLease?> ExtendAsync(LockLease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Check(lease.Key, ttl);
        var now = _clock.GetUtcNow();
        // Stryker disable once Boolean : ConfigureAwait differs only under a synchronization context
        long done = (long)await Db.ScriptEvaluateAsync(ExtendScript, [KeyOf(lease.Key)], [lease.Token, Ms(ttl)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return done == 1 ? lease with { ExpiresAt = now + ttl } : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseAsync(LockLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        // Stryker disable once Boolean : ConfigureAwait differs only under a synchronization context
        return (long)await Db.ScriptEvaluateAsync(ReleaseScript, [KeyOf(lease.Key)], [lease.Token]).WaitAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static long Ms(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));

    private static void Check(string key, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, $"lock '{key}': the time to live must be positive");
        }
    }
}
