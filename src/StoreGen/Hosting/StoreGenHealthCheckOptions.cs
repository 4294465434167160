using System;

namespace StoreGen.Hosting;

/// <summary>The thresholds of <see cref="StoreGenHealthCheck"/> (see docs/health.md).</summary>
public sealed class StoreGenHealthCheckOptions
{
    /// <summary>
    /// With a live backend: how long the stores may go without catching up with the database before the check is
    /// degraded (default 30 s). A replica catches up on every notification and at least every poll interval
    /// (<c>POSTGRES_POLL_INTERVAL</c>, 5 s by default), so keep this several poll intervals long.
    /// </summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With a live backend: the share of a store's write-behind queue capacity above which the check is degraded
    /// (default 0.8, i.e. more than 80 % full). A full queue (writes are rejected) is unhealthy.
    /// </summary>
    public double QueueDegradedRatio { get; set; } = 0.8;

    /// <summary>Throws naming the threshold when one is out of range.</summary>
    internal void Validate()
    {
        if (MaxLag <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLag), MaxLag, "StoreGen health check: MaxLag must be positive");
        }
        if (!(QueueDegradedRatio is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(QueueDegradedRatio), QueueDegradedRatio, "StoreGen health check: QueueDegradedRatio must be more than 0 and at most 1");
        }
    }
}
