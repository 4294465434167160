using System;
using System.Collections.Generic;

namespace StoreGen;

/// <summary>
/// The changes after a cursor, always ending at a transaction boundary (a batch is never split).
/// Apply <see cref="Changes"/> in order, then continue from <see cref="NextCursor"/>.
/// When <see cref="Reset"/> is true the cursor was older than the retained window (or not from this store): the
/// changes in between are gone, so <see cref="Changes"/> is empty and <see cref="Items"/> holds every item as of
/// <see cref="NextCursor"/> — replace what you have with it. Changes are never silently skipped.
/// </summary>
public sealed class ChangeSet<T>
{
    internal ChangeSet(long fromCursor, long nextCursor, IReadOnlyList<Change<T>> changes, bool reset, IReadOnlyList<T> items)
    {
        FromCursor = fromCursor;
        NextCursor = nextCursor;
        Changes = changes;
        Reset = reset;
        Items = items;
    }

    /// <summary>The cursor that was asked for.</summary>
    public long FromCursor { get; }

    /// <summary>The store version these changes bring you to; pass it to the next call.</summary>
    public long NextCursor { get; }

    /// <summary>The changes in version order (empty when <see cref="Reset"/>).</summary>
    public IReadOnlyList<Change<T>> Changes { get; }

    /// <summary>True when the caller must resynchronize from <see cref="Items"/>.</summary>
    public bool Reset { get; }

    /// <summary>On a reset, every item as of <see cref="NextCursor"/>; otherwise empty.</summary>
    public IReadOnlyList<T> Items { get; }

    internal static ChangeSet<T> Empty(long cursor) => new(cursor, cursor, Array.Empty<Change<T>>(), false, Array.Empty<T>());
}
