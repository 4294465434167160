using System.Collections.Generic;

namespace StoreGen;

/// <summary>
/// The changes after a cursor collapsed to one entry per key: what a replica needs to catch up (the metric store's
/// snapshot delta). Each entry is the key's latest state: the item stored now, or, when <see cref="DeltaEntry{T}.Deleted"/>,
/// the item that went away (removed or expired). When <see cref="Reset"/> is true the cursor was older than the
/// retained window: <see cref="Entries"/> holds every item, none deleted, and the receiver must drop what it holds
/// that is not among them. Continue from <see cref="NextCursor"/>.
/// </summary>
public sealed class Delta<T>
{
    internal Delta(long fromCursor, long nextCursor, bool reset, IReadOnlyList<DeltaEntry<T>> entries)
    {
        FromCursor = fromCursor;
        NextCursor = nextCursor;
        Reset = reset;
        Entries = entries;
    }

    /// <summary>The cursor that was asked for.</summary>
    public long FromCursor { get; }

    /// <summary>The store version this delta brings you to; pass it to the next call.</summary>
    public long NextCursor { get; }

    /// <summary>True when <see cref="Entries"/> is every item and the receiver must replace what it has.</summary>
    public bool Reset { get; }

    /// <summary>One entry per changed key, in the order of each key's last change.</summary>
    public IReadOnlyList<DeltaEntry<T>> Entries { get; }
}

/// <summary>A key's latest state in a <see cref="Delta{T}"/>: the item, whether it was deleted, and the version of its last change.</summary>
public readonly record struct DeltaEntry<T>(T Item, bool Deleted, long Version);
