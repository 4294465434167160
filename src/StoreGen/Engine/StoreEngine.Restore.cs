using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using StoreGen.Persistence;

namespace StoreGen.Engine;

// Restoring a snapshot: items are checked and linked into a private table first (keys, duplicates, unique indexes),
// then published in one step. Write guards, MaxCount and write metrics are for the application's writes and do not
// apply: a restore brings back what the store held, it is not a new write.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>The operation restore errors name.</summary>
    public const string RestoreOperation = "Restore";

    /// <summary>
    /// Not for application code: generated stores restore snapshots through it. Collects the items read from a
    /// snapshot; <see cref="RestoreBatch{TKey, T, TShape}.Finish"/> checks them without changing the store.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public RestoreBatch<TKey, T, TShape> BeginRestore() => new(this);

    /// <summary>
    /// Null if entry <paramref name="i"/> of <paramref name="table"/> holds a value no other live entry holds in any
    /// unique index; otherwise which index, which value and which key holds it. Shared by every path that adds items.
    /// </summary>
    private static string? UniqueClash(Table<TKey, T> table, int i)
    {
        if (!TShape.HasUniqueIndexes)
        {
            return null;
        }
        ref var added = ref table.Entries[i];
        for (int index = 0; index < table.IndexCount; index++)
        {
            if (TShape.IsUnique(index)
                && UniqueHolder(table, index, table.IndexLinks[IndexLink.Of(i, index, table.IndexCount)], added.Key, added.Item, i) is int other and >= 0)
            {
                var value = StoreException.FormatKeys(TShape.IndexValues(index, added.Key, added.Item));
                var holder = StoreException.FormatKeys(TShape.KeyValues(table.Entries[other].Key));
                return $"unique index '{TShape.IndexNames[index]}' already holds {value} for key {holder}";
            }
        }
        return null;
    }

    /// <summary>The live entry (other than <paramref name="except"/>) with the same value in unique index <paramref name="index"/>, or -1.</summary>
    private static int UniqueHolder(Table<TKey, T> table, int index, int hash, in TKey key, in T item, int except)
    {
        int stride = table.IndexCount;
        int j = table.IndexHeads[table.IndexHead(index, hash)] - 1;
        while (j >= 0)
        {
            int link = IndexLink.Of(j, index, stride);
            ref var other = ref table.Entries[j];
            if (j != except && table.IndexLinks[link] == hash && other.IsLive
                && TShape.IndexEquals(index, key, item, other.Key, other.Item))
            {
                return j;
            }
            j = table.IndexLinks[link + 1] - 1;
        }
        return -1;
    }

    /// <summary>
    /// Links <paramref name="items"/> into a new table no reader sees, checking every key (no null members, no key
    /// twice) and every unique index. Throws <see cref="StoreException"/> naming the store, Restore and the keys.
    /// </summary>
    internal Table<TKey, T> Stage(ReadOnlySpan<T> items)
    {
        var table = NewTable((int)Math.Max(_initialCapacity, Table<TKey, T>.CapacityFor(items.Length)));
        for (int n = 0; n < items.Length; n++)
        {
            if (items[n] is null)
            {
                throw new StoreException(TShape.StoreName, RestoreOperation, Array.Empty<object?>(), $"item {n} of the snapshot is null");
            }
            var key = TShape.KeyOf(items[n]);
            if (TShape.ValidateKey(key) is { } problem)
            {
                throw new StoreException(TShape.StoreName, RestoreOperation, TShape.KeyValues(key), $"item {n} of the snapshot: {problem}");
            }
            int hash = TShape.HashKey(key);
            if (FindLive(table, key, hash) is int first and >= 0)
            {
                throw new StoreException(TShape.StoreName, RestoreOperation, TShape.KeyValues(key),
                    $"items {first} and {n} of the snapshot have the same key; a snapshot holds each key once");
            }
            Link(table, n, key, hash, items[n]);
            if (UniqueClash(table, n) is { } clash)   // against the items before it
            {
                throw new StoreException(TShape.StoreName, RestoreOperation, TShape.KeyValues(key), $"item {n} of the snapshot: {clash}");
            }
        }
        return table;
    }

    /// <summary>
    /// Publishes a staged table of <paramref name="count"/> items: <see cref="RestoreMode.Replace"/> makes the store
    /// hold exactly them; <see cref="RestoreMode.Merge"/> adds those whose key (and unique index values) the store
    /// does not hold, so what the application wrote wins. Returns how many items the store gained from the snapshot.
    /// Watchers see a reset (Replace) or the added items (Merge).
    /// </summary>
    internal int ApplyRestore(Table<TKey, T> staged, int count, RestoreMode mode)
    {
        int added;
        lock (_writeLock)
        {
            var state = _state;
            Table<TKey, T> table;
            long version;
            if (mode == RestoreMode.Replace)
            {
                (table, added, version) = (staged, count, state.Version + state.Count + count);
                _ring?.Forget(version);
            }
            else
            {
                (table, added) = Merged(staged, count);
                version = state.Version + added;
            }
            int total = mode == RestoreMode.Replace ? count : state.Count + added;
            long minExpiry = long.MaxValue;
            if (table.Expiry is { } expiry)
            {
                for (int i = 0; i < total; i++)
                {
                    minExpiry = Math.Min(minExpiry, expiry[i]);
                }
            }
            _tx.Table = table;
            CancelRebuild();
            _tx.Cursor = _tx.Start = _tx.Count = total;
            _tx.Version = version;
            _tx.MinExpiry = minExpiry;
            _tx.Stamped.Clear();
            Volatile.Write(ref _state, new StoreState<TKey, T>(table, version, total, total, minExpiry));
        }
        NotifySubscribers();
        return added;
    }

    /// <summary>Under the write lock: a new table with the staged items the store does not shadow, then the live items.</summary>
    private (Table<TKey, T> Table, int Added) Merged(Table<TKey, T> staged, int count)
    {
        var live = _tx.Table;
        long version = _state.Version;
        var table = NewTable((int)Math.Max(_initialCapacity, Table<TKey, T>.CapacityFor((long)_tx.Count + count)));
        int cursor = 0;
        for (int n = 0; n < count; n++)
        {
            ref var entry = ref staged.Entries[n];
            if (FindLive(live, entry.Key, entry.Hash) < 0 && !HeldByUnique(live, entry.Key, entry.Item))
            {
                Link(table, cursor++, entry.Key, entry.Hash, entry.Item);
                _ring?.Write(++version, ChangeKind.Added, entry.Item);
            }
        }
        int added = cursor;
        if (_ring is not null && added > _ring.Capacity)
        {
            _ring.Forget(version);
        }
        for (int i = 0; i < _tx.Cursor; i++)
        {
            ref var entry = ref live.Entries[i];
            if (entry.IsLive)
            {
                int j = cursor++;
                Link(table, j, entry.Key, entry.Hash, entry.Item);
                if (table.Expiry is { } expiry)
                {
                    expiry[j] = live.Expiry![i];   // a live item keeps its expiry (a default TTL is not restarted)
                }
            }
        }
        return (table, added);
    }

    /// <summary>Whether a live entry of <paramref name="table"/> already holds one of the item's unique index values.</summary>
    private static bool HeldByUnique(Table<TKey, T> table, in TKey key, in T item)
    {
        for (int index = 0; TShape.HasUniqueIndexes && index < table.IndexCount; index++)
        {
            if (TShape.IsUnique(index) && UniqueHolder(table, index, TShape.HashIndex(index, key, item), key, item, -1) >= 0)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// Not for application code: the items a generated store reads from a snapshot, collected without copying, then
/// checked (<see cref="Finish"/>) and applied together with the other stores of the snapshot.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RestoreBatch<TKey, T, TShape>
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
{
    private readonly StoreEngine<TKey, T, TShape> _engine;
    private T[] _items = new T[16];
    private int _count;

    internal RestoreBatch(StoreEngine<TKey, T, TShape> engine) => _engine = engine;

    /// <summary>Adds one item read from the snapshot.</summary>
    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[_count++] = item;
    }

    /// <summary>
    /// Checks every item (keys, duplicates, unique indexes) without changing the store and returns the restore to
    /// apply. Throws <see cref="StoreException"/> naming the store, Restore and the keys.
    /// </summary>
    public PendingRestore Finish()
    {
        var staged = _engine.Stage(_items.AsSpan(0, _count));
        int count = _count;
        _items = Array.Empty<T>();   // the staged table holds them now
        return new PendingRestore(count, mode => _engine.ApplyRestore(staged, count, mode));
    }
}
