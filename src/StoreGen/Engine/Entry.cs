namespace StoreGen.Engine;

/// <summary>One stored version of one item. Entries are written once, then only <see cref="Removed"/> changes.</summary>
internal struct Entry<TKey, T>
    where TKey : struct
{
    /// <summary>Primary key, kept beside the item so lookups need not dereference the item.</summary>
    public TKey Key;

    /// <summary>The stored item.</summary>
    public T Item;

    /// <summary><see cref="IStoreShape{TKey, T}.HashKey"/> of <see cref="Key"/>.</summary>
    public int Hash;

    /// <summary>Next entry in the same primary bucket, as index + 1 (0 ends the chain).</summary>
    public int Next;

    /// <summary>
    /// The version that removed (or replaced) this entry; <see cref="Live"/> while it is live; <see cref="RolledBack"/>
    /// for an entry written by a rolled-back batch, which no version ever sees.
    /// </summary>
    public long Removed;

    /// <summary><see cref="Removed"/> of an entry no version has removed yet.</summary>
    public const long Live = long.MaxValue;

    /// <summary><see cref="Removed"/> of an entry written by a rolled-back batch: removed before any version.</summary>
    public const long RolledBack = long.MinValue;

    /// <summary>Whether no version has removed this entry yet (the writer's view: the latest data).</summary>
    public readonly bool IsLive => Removed == Live;
}
