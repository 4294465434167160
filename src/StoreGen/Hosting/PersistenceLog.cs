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

    [LoggerMessage(3, LogLevel.Warning, "Could not restore {Stores} from {Location}; they start empty, and the snapshot is kept and will not be overwritten until a restore succeeds or data loss is accepted (STORE_ACCEPT_DATA_LOSS)")]
    public static partial void RestoreFailed(ILogger logger, Exception error, string stores, string location);

    [LoggerMessage(4, LogLevel.Debug, "Persisted {Stores} to {Location} ({Bytes} bytes, {Trigger})")]
    public static partial void Persisted(ILogger logger, string stores, string location, long bytes, PersistTrigger trigger);

    [LoggerMessage(5, LogLevel.Warning, "Persisting to {Location} failed ({Failures} in a row, {Trigger}); retrying in {RetryIn}")]
    public static partial void PersistFailed(ILogger logger, Exception error, string location, int failures, PersistTrigger trigger, TimeSpan? retryIn);

    [LoggerMessage(6, LogLevel.Error, "Could not persist to {Location} at shutdown; changes since the last successful persist are lost")]
    public static partial void ShutdownPersistFailed(ILogger logger, Exception error, string location);

    [LoggerMessage(7, LogLevel.Information, "Persistence: backend {Backend} ({Location}), {Stores}, every {Interval}")]
    public static partial void Started(ILogger logger, string backend, string location, string stores, TimeSpan interval);

    [LoggerMessage(8, LogLevel.Warning, "Not persisting {Stores}: the snapshot at {Location} could not be restored and data loss was not accepted")]
    public static partial void Blocked(ILogger logger, string stores, string location);
}
