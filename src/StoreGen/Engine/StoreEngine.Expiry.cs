using System;
using System.Threading;

namespace StoreGen.Engine;

// Expiry: per item from an [ExpiresAt] member, or DefaultTimeToLive after each write. Expired items are hidden from
// reads at once (views carry the time they were taken) and removed by Sweep, each reported as Expired.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan? _defaultTtl;
    private readonly bool _expiring;
    private readonly ITimer? _sweeper;

    /// <summary>The clock the store judges expiry by.</summary>
    public TimeProvider Clock => _clock;

    /// <summary>
    /// Removes every item that expired at or before <paramref name="now"/>, atomically; returns how many. Each is
    /// reported as <see cref="ChangeKind.Expired"/>. Write guards are not consulted: expiry is the store's own.
    /// </summary>
    public int Sweep(DateTimeOffset now, string operation)
    {
        if (!_expiring)
        {
            return 0;
        }
        return Transact(0, operation, now.UtcTicks, static (engine, ticks, op) =>
        {
            int expired = 0;
            var table = engine._tx.Table;
            var expiry = table.Expiry!;
            long nextMin = long.MaxValue;
            for (int i = 0; i < engine._tx.Cursor; i++)
            {
                if (!table.Entries[i].IsLive)
                {
                    continue;
                }
                if (expiry[i] <= ticks)
                {
                    engine.RemoveAt(i, ChangeKind.Expired, op);
                    expired++;
                }
                else
                {
                    nextMin = Math.Min(nextMin, expiry[i]);
                }
            }
            engine._tx.MinExpiry = nextMin;
            return expired;
        });
    }

    /// <summary>Stops the background sweeper, if any, and the store's metrics.</summary>
    public void Dispose()
    {
        _sweeper?.Dispose();
        _metrics?.Dispose();
        CompleteSubscribers();
    }

    private void SweepExpired()
    {
        try
        {
            // Stryker disable once String : a sweep's operation name appears only in rejections, and a sweep is never rejected
            Sweep(_clock.GetUtcNow(), "Sweep");
        }
        catch (StoreException)
        {
            // A sweep is rejected only by MaxCount rules that cannot apply to removals; nothing to report here.
        }
    }

    /// <summary>Whether items without an [ExpiresAt] value expire after the store's DefaultTimeToLive.</summary>
    internal bool HasDefaultTimeToLive => _defaultTtl is not null;

    /// <summary>When <paramref name="item"/> written now expires: its [ExpiresAt] value, else now + DefaultTimeToLive, else never.</summary>
    internal long ExpiryOf(in T item)
    {
        long expires = TShape.HasExpiresAt ? TShape.ExpiresAt(item) : long.MaxValue;
        if (expires == long.MaxValue && _defaultTtl is { } ttl)
        {
            expires = (_clock.GetUtcNow() + ttl).UtcTicks;
        }
        return expires;
    }

    /// <summary>When <paramref name="item"/> would expire if written now; <see cref="long.MaxValue"/> in a store where nothing expires.</summary>
    private long ExpiryInTable(in T item) => _tx.Table.Expiry is null ? long.MaxValue : ExpiryOf(item);

    private bool IsExpired(int i) =>
        _tx.Table.Expiry is { } expiry && Volatile.Read(ref expiry[i]) <= _clock.GetUtcNow().UtcTicks;
}
