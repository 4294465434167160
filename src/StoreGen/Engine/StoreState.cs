namespace StoreGen.Engine;

/// <summary>
/// One published, immutable point in a store's history. Reading a store is one volatile read of its current state;
/// a snapshot is just a state held on to. Generated code passes it around; its members are the engine's.
/// </summary>
public sealed class StoreState<TKey, T>
    where TKey : struct
{
    internal readonly Table<TKey, T> Table;

    /// <summary>Entries of <see cref="Table"/> below this index existed at <see cref="Version"/>; later ones did not.</summary>
    internal readonly int EntryCount;

    internal StoreState(Table<TKey, T> table, long version, int count, int entryCount)
    {
        Table = table;
        Version = version;
        Count = count;
        EntryCount = entryCount;
    }

    /// <summary>The store's version at this point: one more for every applied change.</summary>
    public long Version { get; }

    /// <summary>The number of items at this point.</summary>
    public int Count { get; }

    /// <summary>Whether entry <paramref name="index"/> is part of this state.</summary>
    internal bool IsVisible(int index, long removed) => index < EntryCount && removed > Version;
}
