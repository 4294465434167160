using System;
using Microsoft.Extensions.Logging;

namespace StoreGen.Hosting;

/// <summary>What the live backend's host logs at startup.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(101, LogLevel.Warning, "Could not reach {Location} at startup: {Cause}. Serving from memory (restore policy {Policy}); the stores load in the background and merge: writes made meanwhile are queued and win on their keys, nothing else is overwritten")]
    public static partial void LoadingInBackground(ILogger logger, string location, string cause, RestorePolicy policy);

    [LoggerMessage(102, LogLevel.Information, "The stores are loaded from {Location}")]
    public static partial void Loaded(ILogger logger, string location);

    [LoggerMessage(103, LogLevel.Error, "Loading the stores from {Location} failed; they are not kept by it")]
    public static partial void LoadFailed(ILogger logger, Exception error, string location);
}
