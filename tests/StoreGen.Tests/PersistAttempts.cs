using System;
using System.Threading.Tasks;
using StoreGen.Hosting;

namespace StoreGen.Tests;

/// <summary>Waits for StorePersistence's next reported attempt: how tests synchronize with its background loop.</summary>
internal static class PersistAttempts
{
    /// <summary>Subscribe before causing the attempt; the task completes with it (or fails after <paramref name="patience"/>).</summary>
    public static Task<PersistAttempt> Next(StorePersistence persistence, TimeSpan patience)
    {
        var next = new TaskCompletionSource<PersistAttempt>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<PersistAttempt>? handler = null;
        handler = (_, attempt) =>
        {
            persistence.PersistCompleted -= handler;
            next.TrySetResult(attempt);
        };
        persistence.PersistCompleted += handler;
        return next.Task.WaitAsync(patience);
    }
}
