using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Locks;

/// <summary>
/// <see cref="ILockProvider"/> for one process. Expiry follows the given <see cref="TimeProvider"/>, so tests control
/// it. Lock operations are rare and short, so one monitor guards them; expired entries are dropped as they are met
/// and by <see cref="Sweep"/>.
/// </summary>
public sealed class MemoryLockProvider : ILockProvider
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LockLease> _held = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _fencing;

    /// <summary>Creates a provider using <paramref name="clock"/> (the system clock by default).</summary>
    public MemoryLockProvider(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>How many locks are held (expired ones not counted once swept).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<LockLease?> TryAcquireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Check(key, ttl);
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (_held.TryGetValue(key, out var current) && current.ExpiresAt > now)
            {
                return ValueTask.FromResult<LockLease?>(null);
            }
            var lease = new LockLease(key, Guid.NewGuid().ToString("N"), ++_fencing, now + ttl);
            _held[key] = lease;
            return ValueTask.FromResult<LockLease?>(lease);
        }
    }

    /// <inheritdoc />
    public ValueTask<LockLease?> ExtendAsync(LockLease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Check(lease.Key, ttl);
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (!HeldBy(lease, now))
            {
                return ValueTask.FromResult<LockLease?>(null);
            }
            var extended = lease with { ExpiresAt = now + ttl };
            _held[lease.Key] = extended;
            return ValueTask.FromResult<LockLease?>(extended);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(LockLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            bool held = HeldBy(lease, now);
            if (held || _held.TryGetValue(lease.Key, out var current) && current.Token == lease.Token)
            {
                _held.Remove(lease.Key); // an expired lease of this holder is dropped too; nobody else holds it
            }
            return ValueTask.FromResult(held);
        }
    }

    /// <summary>Drops expired locks (the metric store's lock GC); returns how many.</summary>
    public int Sweep()
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var expired = new List<string>();
            foreach (var (key, lease) in _held)
            {
                if (lease.ExpiresAt <= now)
                {
                    expired.Add(key);
                }
            }
            expired.ForEach(key => _held.Remove(key));
            return expired.Count;
        }
    }

    private bool HeldBy(LockLease lease, DateTimeOffset now) =>
        _held.TryGetValue(lease.Key, out var current) && current.Token == lease.Token && current.ExpiresAt > now;

    private static void Check(string key, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "a lock needs a positive time to live");
        }
    }
}
