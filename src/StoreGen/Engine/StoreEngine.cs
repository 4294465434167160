using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// The write side of a generated store. Writers serialize on one lock among themselves; readers never take it:
/// they read <see cref="State"/> (one volatile read) and see a complete, immutable point in time.
/// </summary>
/// <remarks>
/// Every write is a small transaction: changes are applied to the current <see cref="Table{TKey, T}"/> in ways no
/// published state can see (appended entries beyond its <c>EntryCount</c>, <c>Removed</c> stamps above its version),
/// unique indexes are checked, and then one new <see cref="StoreState{TKey, T}"/> is published. A rejected write is
/// rolled back before anything is published, so readers see all of a batch or none of it, and a failed write
/// changes nothing.
/// </remarks>
public sealed class StoreEngine<TKey, T, TShape>
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
{
    private readonly Lock _writeLock = new();
    private readonly int _initialCapacity;
    private StoreState<TKey, T> _state;

    // Writer-only state, guarded by _writeLock.
    private Table<TKey, T> _table;
    private readonly List<int> _stamped = new();
    private long _txVersion;
    private int _txCount;
    private int _txStart;

    /// <summary>Creates an empty store.</summary>
    public StoreEngine(StoreOptions? options)
    {
        _initialCapacity = (int)Math.Max(Table<TKey, T>.MinCapacity, options?.InitialCapacity ?? 0);
        _table = new Table<TKey, T>(_initialCapacity, TShape.IndexCount);
        _state = new StoreState<TKey, T>(_table, 0, 0, 0);
    }

    /// <summary>The current state: what every read of the store sees. Never blocks.</summary>
    public StoreState<TKey, T> State => Volatile.Read(ref _state);

    /// <summary>Adds or replaces the item with the same key.</summary>
    public void Upsert(in T item, string operation)
    {
        var key = CheckedKeyOf(item, operation);
        lock (_writeLock)
        {
            Begin(1);
            ApplyUpsert(key, TShape.HashKey(key), item);
            Commit(operation);
        }
    }

    /// <summary>Adds the item unless its key is already stored.</summary>
    public bool TryAdd(in T item, string operation)
    {
        var key = CheckedKeyOf(item, operation);
        int hash = TShape.HashKey(key);
        lock (_writeLock)
        {
            Begin(1);
            if (FindLive(_table, key, hash) >= 0)
            {
                return false;
            }
            ApplyUpsert(key, hash, item);
            Commit(operation);
            return true;
        }
    }

    /// <summary>Removes the item with <paramref name="key"/>; false if there was none.</summary>
    public bool Remove(in TKey key, string operation)
    {
        CheckKey(key, operation);
        lock (_writeLock)
        {
            Begin(0);
            bool removed = ApplyRemove(key, TShape.HashKey(key));
            Commit(operation);
            return removed;
        }
    }

    /// <summary>Adds or replaces every item, atomically: readers see all of them or none.</summary>
    public void UpsertMany(IEnumerable<T> items, string operation)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        lock (_writeLock)
        {
            Begin(batch.Length);
            for (int n = 0; n < batch.Length; n++)
            {
                ApplyUpsert(keys[n], TShape.HashKey(keys[n]), batch[n]);
            }
            Commit(operation);
        }
    }

    /// <summary>Removes every item whose key is given, atomically; returns how many were removed.</summary>
    public int RemoveMany(IEnumerable<TKey> keys, string operation)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var batch = keys.ToArray();
        foreach (var key in batch)
        {
            CheckKey(key, operation);
        }
        lock (_writeLock)
        {
            Begin(0);
            int removed = 0;
            foreach (var key in batch)
            {
                if (ApplyRemove(key, TShape.HashKey(key)))
                {
                    removed++;
                }
            }
            Commit(operation);
            return removed;
        }
    }

    /// <summary>
    /// Makes the store hold exactly <paramref name="items"/>, atomically. Items equal to what is stored are not
    /// changes (the version does not move for them), so an unchanged poll result costs lookups only.
    /// </summary>
    public void ReplaceAll(IEnumerable<T> items, string operation)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        lock (_writeLock)
        {
            Begin(batch.Length);
            var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
            var table = _table;
            for (int i = 0; i < table.Cursor; i++)
            {
                ref var entry = ref table.Entries[i];
                if (entry.Removed == long.MaxValue && !keep.Contains(entry.Key))
                {
                    RemoveAt(i);
                }
            }
            ApplyReplacements(batch, keys);
            Commit(operation);
        }
    }

    /// <summary>
    /// Makes the items under one key prefix exactly <paramref name="items"/>, atomically; items under other
    /// prefixes are untouched. Every item must have that prefix.
    /// </summary>
    public void ReplacePrefix<TMatcher>(int index, int hash, TMatcher prefix, object?[] prefixValues, IEnumerable<T> items, string operation)
        where TMatcher : struct, IEntryMatcher<TKey, T>
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        for (int n = 0; n < batch.Length; n++)
        {
            if (!prefix.Matches(keys[n], batch[n]))
            {
                throw new StoreException(TShape.StoreName, operation, prefixValues,
                    $"item with key {StoreException.FormatKeys(TShape.KeyValues(keys[n]))} is not under the key prefix being replaced");
            }
        }
        lock (_writeLock)
        {
            Begin(batch.Length);
            var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
            var table = _table;
            int stride = table.IndexCount;
            int i = table.IndexHeads[table.IndexHead(index, hash)] - 1;
            while (i >= 0)
            {
                int link = (i * stride + index) * 2;
                ref var entry = ref table.Entries[i];
                if (table.IndexLinks[link] == hash && entry.Removed == long.MaxValue
                    && prefix.Matches(entry.Key, entry.Item) && !keep.Contains(entry.Key))
                {
                    RemoveAt(i);
                }
                i = table.IndexLinks[link + 1] - 1;
            }
            ApplyReplacements(batch, keys);
            Commit(operation);
        }
    }

    /// <summary>Removes every item, atomically.</summary>
    public void Clear(string operation)
    {
        lock (_writeLock)
        {
            Begin(0);
            if (_txCount == 0)
            {
                return;
            }
            _txVersion += _txCount;
            _txCount = 0;
            _table = new Table<TKey, T>(_initialCapacity, TShape.IndexCount);
            _txStart = 0;
            Commit(operation);
        }
    }

    private void ApplyReplacements(T[] batch, TKey[] keys)
    {
        for (int n = 0; n < batch.Length; n++)
        {
            int hash = TShape.HashKey(keys[n]);
            int existing = FindLive(_table, keys[n], hash);
            if (existing >= 0 && EqualityComparer<T>.Default.Equals(_table.Entries[existing].Item, batch[n]))
            {
                continue;
            }
            ApplyUpsert(keys[n], hash, batch[n]);
        }
    }

    // ---- transaction ----------------------------------------------------------------------------------------

    private void Begin(int appends)
    {
        var state = _state;
        _txVersion = state.Version;
        _txCount = state.Count;
        _stamped.Clear();
        EnsureRoom(appends);
        _txStart = _table.Cursor;
    }

    private void Commit(string operation)
    {
        var state = _state;
        if (_txVersion == state.Version)
        {
            return; // nothing changed; a table rebuilt by EnsureRoom holds the same items and is published with the next change
        }
        if (TShape.HasUniqueIndexes && _table.Cursor > _txStart)
        {
            CheckUniqueOrRollBack(operation);
        }
        Volatile.Write(ref _state, new StoreState<TKey, T>(_table, _txVersion, _txCount, _table.Cursor));
    }

    /// <summary>Checks every entry this transaction added against every unique index; rolls back and throws on a clash.</summary>
    private void CheckUniqueOrRollBack(string operation)
    {
        var table = _table;
        int stride = table.IndexCount;
        for (int i = _txStart; i < table.Cursor; i++)
        {
            ref var added = ref table.Entries[i];
            if (added.Removed != long.MaxValue)
            {
                continue;
            }
            for (int index = 0; index < stride; index++)
            {
                if (!TShape.IsUnique(index))
                {
                    continue;
                }
                int hash = table.IndexLinks[(i * stride + index) * 2];
                int j = table.IndexHeads[table.IndexHead(index, hash)] - 1;
                while (j >= 0)
                {
                    int link = (j * stride + index) * 2;
                    ref var other = ref table.Entries[j];
                    if (j != i && table.IndexLinks[link] == hash && other.Removed == long.MaxValue
                        && TShape.IndexEquals(index, added.Key, added.Item, other.Key, other.Item))
                    {
                        var value = StoreException.FormatKeys(TShape.IndexValues(index, added.Key, added.Item));
                        var holder = StoreException.FormatKeys(TShape.KeyValues(other.Key));
                        var keys = TShape.KeyValues(added.Key);
                        RollBack();
                        throw new StoreException(TShape.StoreName, operation, keys,
                            $"unique index '{TShape.IndexNames[index]}' already holds {value} for key {holder}; nothing was changed");
                    }
                    j = table.IndexLinks[link + 1] - 1;
                }
            }
        }
    }

    private void RollBack()
    {
        var entries = _table.Entries;
        foreach (int i in _stamped)
        {
            Volatile.Write(ref entries[i].Removed, long.MaxValue);
        }
        // Appended entries stay linked (a concurrent reader may be walking through them) but no version sees them.
        for (int i = _txStart; i < _table.Cursor; i++)
        {
            Volatile.Write(ref entries[i].Removed, long.MinValue);
        }
        _stamped.Clear();
        var state = _state;
        _txVersion = state.Version;
        _txCount = state.Count;
    }

    // ---- table mutation (writer only) -----------------------------------------------------------------------

    private void ApplyUpsert(in TKey key, int hash, in T item)
    {
        var table = _table;
        int existing = FindLive(table, key, hash);
        int i = table.Cursor++;
        int bucket = table.Bucket(hash);
        ref var entry = ref table.Entries[i];
        entry.Key = key;
        entry.Item = item;
        entry.Hash = hash;
        entry.Removed = long.MaxValue;
        entry.Next = table.Buckets[bucket];
        int stride = table.IndexCount;
        for (int index = 0; index < stride; index++)
        {
            int indexHash = TShape.HashIndex(index, key, item);
            int link = (i * stride + index) * 2;
            ref int head = ref table.IndexHeads[table.IndexHead(index, indexHash)];
            table.IndexLinks[link] = indexHash;
            table.IndexLinks[link + 1] = head;
            Volatile.Write(ref head, i + 1);
        }
        Volatile.Write(ref table.Buckets[bucket], i + 1);
        if (existing >= 0)
        {
            Stamp(existing);
        }
        else
        {
            _txVersion++;
            _txCount++;
        }
    }

    private bool ApplyRemove(in TKey key, int hash)
    {
        int existing = FindLive(_table, key, hash);
        if (existing < 0)
        {
            return false;
        }
        RemoveAt(existing);
        return true;
    }

    private void RemoveAt(int i)
    {
        Stamp(i);
        _txCount--;
    }

    /// <summary>Ends entry <paramref name="i"/>'s life at the next version (one change).</summary>
    private void Stamp(int i)
    {
        Volatile.Write(ref _table.Entries[i].Removed, ++_txVersion);
        _stamped.Add(i);
    }

    private static int FindLive(Table<TKey, T> table, in TKey key, int hash)
    {
        int i = table.Buckets[table.Bucket(hash)] - 1;
        while (i >= 0)
        {
            ref var entry = ref table.Entries[i];
            if (entry.Hash == hash && entry.Removed == long.MaxValue && TShape.KeyEquals(entry.Key, key))
            {
                return i;
            }
            i = entry.Next - 1;
        }
        return -1;
    }

    /// <summary>
    /// Makes room for <paramref name="appends"/> more entries. When the table is full it is rebuilt with only the
    /// live entries (in order), sized for the live items plus a third, so the O(n) rebuild is paid once per Θ(n)
    /// writes and memory follows the item count both up and down. The old table is left untouched for the states
    /// that still read it.
    /// </summary>
    private void EnsureRoom(int appends)
    {
        var old = _table;
        if (old.Cursor + appends <= old.Capacity)
        {
            return;
        }
        long capacity = Math.Max(_initialCapacity, Table<TKey, T>.CapacityFor((long)_txCount + appends));
        if (capacity > Array.MaxLength / Math.Max(2, 2 * old.IndexCount))
        {
            throw new StoreException(TShape.StoreName, "Grow", Array.Empty<object?>(), $"cannot hold {(long)_txCount + appends} items");
        }
        var table = new Table<TKey, T>((int)capacity, old.IndexCount);
        int stride = old.IndexCount;
        for (int i = 0; i < old.Cursor; i++)
        {
            ref var source = ref old.Entries[i];
            if (source.Removed != long.MaxValue)
            {
                continue;
            }
            int j = table.Cursor++;
            ref var target = ref table.Entries[j];
            target = source;
            int bucket = table.Bucket(source.Hash);
            target.Next = table.Buckets[bucket];
            table.Buckets[bucket] = j + 1;
            for (int index = 0; index < stride; index++)
            {
                int hash = old.IndexLinks[(i * stride + index) * 2];
                int link = (j * stride + index) * 2;
                ref int head = ref table.IndexHeads[table.IndexHead(index, hash)];
                table.IndexLinks[link] = hash;
                table.IndexLinks[link + 1] = head;
                head = j + 1;
            }
        }
        _table = table;
    }

    // ---- argument handling ----------------------------------------------------------------------------------

    private static TKey CheckedKeyOf(in T item, string operation)
    {
        if (item is null)
        {
            throw new StoreException(TShape.StoreName, operation, Array.Empty<object?>(), "the item is null");
        }
        var key = TShape.KeyOf(item);
        CheckKey(key, operation);
        return key;
    }

    private static void CheckKey(in TKey key, string operation)
    {
        var problem = TShape.ValidateKey(key);
        if (problem is not null)
        {
            throw new StoreException(TShape.StoreName, operation, TShape.KeyValues(key), problem);
        }
    }

    private static T[] Materialize(IEnumerable<T> items, string operation)
    {
        if (items is null)
        {
            throw new StoreException(TShape.StoreName, operation, Array.Empty<object?>(), "the item sequence is null");
        }
        return items.ToArray();
    }

    private static TKey[] KeysOf(T[] batch, string operation)
    {
        var keys = new TKey[batch.Length];
        for (int n = 0; n < batch.Length; n++)
        {
            keys[n] = CheckedKeyOf(batch[n], operation);
        }
        return keys;
    }
}
