using System;
using Microsoft.Extensions.Logging;

namespace StoreGen.Hosting;

/// <summary>StoreGen's persistence log messages (source-generated, allocation-free when disabled).</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(1, LogLevel.Information, "Restored {Stores} from {Location}")]
    public static partial void Restored(ILogger logger, string stores, string location);

    [LoggerMessage(2, LogLevel.Information, "No snapshot at {Location} yet; {Stores} start empty")]
    public static partial void NoSnapshot(ILogger logger, string stores, string location);

    [LoggerMessage(3, LogLevel.Warning, "Could not restore {Stores} from {Location}: {Cause}. The snapshot is kept and will not be overwritten until a restore succeeds or data loss is accepted (STORE_RESTORE_POLICY=accept-loss)")]
    public static partial void RestoreFailed(ILogger logger, string stores, string location, string cause);

    [LoggerMessage(9, LogLevel.Warning, "Could not reach {Location} to restore {Stores}: {Cause}. Serving without it; persisting is blocked and the restore is retried in {RetryIn}")]
    public static partial void RestoreUnreachable(ILogger logger, string stores, string location, string cause, TimeSpan retryIn);

    [LoggerMessage(10, LogLevel.Information, "Restored {Stores} from {Location} after startup: merged with what was written since; persisting resumes")]
    public static partial void RestoredLate(ILogger logger, string stores, string location);

    [LoggerMessage(11, LogLevel.Debug, "The full error of the last {Operation} of {Location}")]
    public static partial void FullError(ILogger logger, Exception error, string operation, string location);

    [LoggerMessage(4, LogLevel.Debug, "Persisted {Stores} to {Location} ({Bytes} bytes, {Trigger})")]
    public static partial void Persisted(ILogger logger, string stores, string location, long bytes, PersistTrigger trigger);

    [LoggerMessage(5, LogLevel.Warning, "Persisting to {Location} failed ({Failures} in a row, {Trigger}); retrying in {RetryIn}: {Cause}")]
    public static partial void PersistFailed(ILogger logger, string location, int failures, PersistTrigger trigger, TimeSpan? retryIn, string cause);

    [LoggerMessage(6, LogLevel.Error, "Could not persist to {Location} at shutdown; changes since the last successful persist are lost: {Cause}")]
    public static partial void ShutdownPersistFailed(ILogger logger, string location, string cause);

    [LoggerMessage(7, LogLevel.Information, "Persistence: backend {Backend} ({Location}), {Stores}, every {Interval}")]
    public static partial void Started(ILogger logger, string backend, string location, string stores, TimeSpan interval);

    [LoggerMessage(8, LogLevel.Warning, "Not persisting {Stores}: the snapshot at {Location} could not be restored and data loss was not accepted")]
    public static partial void Blocked(ILogger logger, string stores, string location);

    /// <summary>
    /// One line for an error: its message and those of its causes, without repeats (a client library's "connection
    /// refused" comes wrapped several times); the stack traces go to the debug level.
    /// </summary>
    public static string Cause(Exception error)
    {
        var messages = new System.Collections.Generic.List<string>();
        for (var current = error; current is not null && messages.Count < 4; current = current.InnerException)
        {
            string message = current.Message.Trim();
            if (message.Length > 0 && !messages.Exists(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }
        return string.Join(" <- ", messages);
    }
}
