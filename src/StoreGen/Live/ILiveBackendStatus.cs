using System;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Live;

/// <summary>
/// What a live backend tells StoreGen's health check (<c>AddStoreGen(…).AddHealthChecks()</c>) about itself, besides
/// the stores' write-behind queues (<see cref="LiveLink.QueueDepth"/>). Optional: a backend that does not implement it
/// is judged by its queues alone.
/// </summary>
public interface ILiveBackendStatus
{
    /// <summary>
    /// When every store last caught up with the database (the start of the last successful poll, on the clock of the
    /// host's <see cref="TimeProvider"/>); null before the first. The health check's lag is the time since.
    /// </summary>
    DateTimeOffset? LastSyncedAt { get; }

    /// <summary>The last error met while writing, listening or polling (null after none, or once it recovered).</summary>
    Exception? LastError { get; }

    /// <summary>Checks now that the database answers; returns why not (null when it does). Never throws for an unreachable database.</summary>
    Task<Exception?> ProbeAsync(CancellationToken cancellationToken);
}
