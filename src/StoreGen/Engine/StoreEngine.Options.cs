using System;

namespace StoreGen.Engine;

// Options that cannot work are rejected when the store is created, naming the option and what it allows.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>The most entries (or change-feed slots) a store can hold: what its arrays can be given its indexes.</summary>
    private static int MaxEntries => Array.MaxLength / Math.Max(2, 2 * TShape.IndexCount);

    private static void CheckOptions(StoreOptions options)
    {
        if (options.MaxCount is < 0)
        {
            throw OutOfRange(nameof(options.MaxCount), options.MaxCount, "must be at least 0, or null for no limit");
        }
        if (options.MaxCount == 0 && options.Overflow == OverflowPolicy.EvictOldest)
        {
            throw OutOfRange(nameof(options.MaxCount), 0, "must be at least 1 with Overflow = EvictOldest (nothing could ever be stored)");
        }
        if (options.DefaultTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw OutOfRange(nameof(options.DefaultTimeToLive), ttl, "must be positive, or null for no expiry");
        }
        if (options.SweepInterval is { } sweep && sweep <= TimeSpan.Zero)
        {
            throw OutOfRange(nameof(options.SweepInterval), sweep, "must be positive, or null for no background sweep");
        }
        if (options.InitialCapacity < 0 || options.InitialCapacity > MaxEntries)
        {
            throw OutOfRange(nameof(options.InitialCapacity), options.InitialCapacity, $"must be from 0 to {MaxEntries}");
        }
        if (options.ChangeFeedCapacity < 0 || options.ChangeFeedCapacity > Array.MaxLength)
        {
            throw OutOfRange(nameof(options.ChangeFeedCapacity), options.ChangeFeedCapacity, $"must be from 0 to {Array.MaxLength}");
        }
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
    }

    /// <summary>Allocates what an option sized; a size the machine cannot allocate is reported against the option.</summary>
    private static TResult Allocate<TResult>(Func<TResult> allocate, string option, int size)
    {
        try
        {
            return allocate();
        }
        catch (OutOfMemoryException exception)
        {
            throw new ArgumentOutOfRangeException(option, size,
                $"StoreOptions.{option} of {TShape.StoreName} is {size}, more than this process can allocate ({exception.Message})");
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string option, object? value, string allowed) =>
        new(option, value, $"StoreOptions.{option} of {TShape.StoreName} {allowed}");
}
