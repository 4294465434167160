using System;
using System.Threading.Tasks;
using StoreGen.Hosting;
using StoreGen.Persistence;

namespace StoreGen.Tests;

/// <summary>Waits for StorePersistence's next reported attempt: how tests synchronize with its background loop.</summary>
internal static class PersistAttempts
{
    /// <summary>Subscribe before causing the attempt; the task completes with it (or fails after <paramref name="patience"/>).</summary>
    public static Task<PersistAttempt> Next(StorePersistence persistence, TimeSpan patience) =>
        NextEvent<PersistAttempt>(h => persistence.PersistCompleted += h, h => persistence.PersistCompleted -= h, patience);

    /// <summary>The next restore attempt's outcome (at startup, or the background loop's once its next attempt is scheduled).</summary>
    public static Task<RestoreOutcome> NextRestore(StorePersistence persistence, TimeSpan patience) =>
        NextEvent<RestoreOutcome>(h => persistence.RestoreCompleted += h, h => persistence.RestoreCompleted -= h, patience);

    private static Task<T> NextEvent<T>(Action<EventHandler<T>> subscribe, Action<EventHandler<T>> unsubscribe, TimeSpan patience)
    {
        var next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<T>? handler = null;
        handler = (_, value) =>
        {
            unsubscribe(handler!);
            next.TrySetResult(value);
        };
        subscribe(handler);
        return next.Task.WaitAsync(patience);
    }
}
