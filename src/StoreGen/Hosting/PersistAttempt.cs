using System;

namespace StoreGen.Hosting;

/// <summary>Why a persist ran.</summary>
public enum PersistTrigger
{
    /// <summary>The background interval (or a retry after a failure).</summary>
    Interval,

    /// <summary>The application called <see cref="StorePersistence.PersistAsync"/>.</summary>
    Explicit,

    /// <summary>Graceful shutdown.</summary>
    Shutdown,
}

/// <summary>The result of one persist, as reported by <see cref="StorePersistence.PersistCompleted"/>.</summary>
/// <param name="Trigger">Why it ran.</param>
/// <param name="Written">True if a document was written; false if nothing changed (or it failed).</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="ConsecutiveFailures">Failures in a row, this one included (0 after a success).</param>
/// <param name="NextAttemptAt">When the background loop tries next (null when it is not running or only persists on request).</param>
public sealed record PersistAttempt(PersistTrigger Trigger, bool Written, Exception? Error, int ConsecutiveFailures, DateTimeOffset? NextAttemptAt)
{
    /// <summary>True unless it failed.</summary>
    public bool Succeeded => Error is null;
}
