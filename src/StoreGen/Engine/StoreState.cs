namespace StoreGen.Engine;

/// <summary>
/// One published, immutable point in a store's history. Reading a store is one volatile read of its current state;
/// a snapshot is just a state held on to. Generated code passes it around; its members are the engine's.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class StoreState<TKey, T>
    where TKey : struct
{
    internal readonly Table<TKey, T> Table;

    /// <summary>Entries of <see cref="Table"/> below this index existed at <see cref="Version"/>; later ones did not.</summary>
    internal readonly int EntryCount;

    /// <summary>No live entry expires before this (UTC ticks); a lower bound, exact after a sweep.</summary>
    internal readonly long MinExpiry;

    internal StoreState(Table<TKey, T> table, long version, int count, int entryCount, long minExpiry)
    {
        Table = table;
        Version = version;
        Count = count;
        EntryCount = entryCount;
        MinExpiry = minExpiry;
    }

    /// <summary>The store's version at this point: one more for every applied change.</summary>
    public long Version { get; }

    /// <summary>The number of items at this point, counting items that expired but were not swept yet.</summary>
    public int Count { get; }
}
