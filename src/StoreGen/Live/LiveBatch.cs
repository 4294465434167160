using System.Text.Json;

namespace StoreGen.Live;

/// <summary>
/// Local changes to make durable, as one unit (one database transaction): whole store transactions, in order, with
/// at most one row per key (the last change to a key wins within the batch). A deleted row carries the item that
/// went away. Acknowledge it with <see cref="LiveLink.Acknowledge"/> once committed; until then it stays queued.
/// </summary>
public abstract class LiveBatch
{
    /// <summary>How many rows (distinct keys).</summary>
    public abstract int Count { get; }

    /// <summary>The store version of the last local transaction in the batch.</summary>
    public abstract long LastVersion { get; }

    /// <summary>How many queued changes the batch covers (at least <see cref="Count"/>).</summary>
    public abstract int Changes { get; }

    /// <summary>Whether row <paramref name="row"/> deletes its key.</summary>
    public abstract bool IsDeleted(int row);

    /// <summary>Hands row <paramref name="row"/>'s key members to <paramref name="writer"/>, typed.</summary>
    public abstract void WriteKey(int row, ILiveKeyWriter writer);

    /// <summary>Writes row <paramref name="row"/>'s item (for a delete, the item deleted) as a JSON object.</summary>
    public abstract void WriteItem(int row, Utf8JsonWriter writer);

    /// <summary>
    /// When row <paramref name="row"/>'s item expires, in UTC ticks: its <c>[ExpiresAt]</c> member, else the store's
    /// <see cref="StoreOptions.DefaultTimeToLive"/> after the write; <see cref="long.MaxValue"/> if it never does.
    /// Backends with native expiry (Redis) use it.
    /// </summary>
    public virtual long ExpiresAt(int row) => long.MaxValue;
}
