using System;
using System.Collections.Generic;
using System.Linq;

namespace StoreGen.Engine;

// The write operations. Each runs one transaction under the write lock, then notifies outside it.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>Adds or replaces the item with the same key.</summary>
    public void Upsert(in T item, string operation)
    {
        var key = CheckedKeyOf(item, operation);
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(1);
            ApplyUpsert(key, TShape.HashKey(key), item, operation);
            counts = Commit(operation);
        }
        AfterCommit(counts);
    }

    /// <summary>Adds the item unless its key is already stored (an expired, unswept item counts as absent).</summary>
    public bool TryAdd(in T item, string operation)
    {
        var key = CheckedKeyOf(item, operation);
        int hash = TShape.HashKey(key);
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(1);
            int existing = FindLive(_tx.Table, key, hash);
            if (existing >= 0 && !IsExpired(existing))
            {
                return false;
            }
            ApplyUpsert(key, hash, item, operation, existing);
            counts = Commit(operation);
        }
        AfterCommit(counts);
        return true;
    }

    /// <summary>Removes the item with <paramref name="key"/>; false if there was none.</summary>
    public bool Remove(in TKey key, string operation)
    {
        CheckKey(key, operation);
        bool removed;
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(0);
            removed = ApplyRemove(key, operation);
            counts = Commit(operation);
        }
        AfterCommit(counts);
        return removed;
    }

    /// <summary>Adds or replaces every item, atomically: readers see all of them or none.</summary>
    public void UpsertMany(IEnumerable<T> items, string operation)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(batch.Length);
            for (int n = 0; n < batch.Length; n++)
            {
                ApplyUpsert(keys[n], TShape.HashKey(keys[n]), batch[n], operation);
            }
            counts = Commit(operation);
        }
        AfterCommit(counts);
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
        int removed = 0;
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(0);
            foreach (var key in batch)
            {
                if (ApplyRemove(key, operation))
                {
                    removed++;
                }
            }
            counts = Commit(operation);
        }
        AfterCommit(counts);
        return removed;
    }

    /// <summary>
    /// Removes every item <paramref name="predicate"/> accepts, atomically; returns how many. The predicate runs
    /// under the write lock (it delays other writers, never readers), so keep it short and free of store calls.
    /// </summary>
    public int RemoveWhere(Func<T, bool> predicate, string operation)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int removed = 0;
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(0);
            var table = _tx.Table;
            for (int i = 0; i < _tx.Cursor; i++)
            {
                if (table.Entries[i].Removed == long.MaxValue && predicate(table.Entries[i].Item))
                {
                    RemoveAt(i, ChangeKind.Removed, operation);
                    removed++;
                }
            }
            counts = Commit(operation);
        }
        AfterCommit(counts);
        return removed;
    }

    /// <summary>
    /// Makes the store hold exactly <paramref name="items"/>, atomically. Items equal to what is stored are not
    /// changes (the version does not move for them), so an unchanged poll result costs lookups only.
    /// </summary>
    public void ReplaceAll(IEnumerable<T> items, string operation)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(batch.Length);
            var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
            var table = _tx.Table;
            for (int i = 0; i < _tx.Cursor; i++)
            {
                if (table.Entries[i].Removed == long.MaxValue && !keep.Contains(table.Entries[i].Key))
                {
                    RemoveAt(i, ChangeKind.Removed, operation);
                }
            }
            ApplyReplacements(batch, keys, operation);
            counts = Commit(operation);
        }
        AfterCommit(counts);
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
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(batch.Length);
            var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
            var table = _tx.Table;
            int stride = table.IndexCount;
            int i = table.IndexHeads[table.IndexHead(index, hash)] - 1;
            while (i >= 0)
            {
                int link = (i * stride + index) * 2;
                ref var entry = ref table.Entries[i];
                if (table.IndexLinks[link] == hash && entry.Removed == long.MaxValue
                    && prefix.Matches(entry.Key, entry.Item) && !keep.Contains(entry.Key))
                {
                    RemoveAt(i, ChangeKind.Removed, operation);
                }
                i = table.IndexLinks[link + 1] - 1;
            }
            ApplyReplacements(batch, keys, operation);
            counts = Commit(operation);
        }
        AfterCommit(counts);
    }

    /// <summary>Removes every item, atomically (write guards are consulted for each).</summary>
    public void Clear(string operation)
    {
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(0);
            if (_tx.Count == 0)
            {
                return;
            }
            var old = _tx.Table;
            for (int i = 0; i < _tx.Cursor; i++)
            {
                if (old.Entries[i].Removed == long.MaxValue)
                {
                    RemoveAt(i, ChangeKind.Removed, operation);
                }
            }
            // Start over with an empty table rather than keep the stamped one: memory goes back to the initial size.
            _tx.Stamped.Clear();
            _tx.Table = NewTable(_initialCapacity);
            _tx.Cursor = 0;
            _tx.Start = 0;
            _tx.MinExpiry = long.MaxValue;
            counts = Commit(operation);
        }
        AfterCommit(counts);
    }

    private bool ApplyRemove(in TKey key, string operation)
    {
        int existing = FindLive(_tx.Table, key, TShape.HashKey(key));
        if (existing < 0)
        {
            return false;
        }
        RemoveAt(existing, ChangeKind.Removed, operation);
        return true;
    }

    private void ApplyReplacements(T[] batch, TKey[] keys, string operation)
    {
        for (int n = 0; n < batch.Length; n++)
        {
            int hash = TShape.HashKey(keys[n]);
            int existing = FindLive(_tx.Table, keys[n], hash);
            if (existing >= 0 && EqualityComparer<T>.Default.Equals(_tx.Table.Entries[existing].Item, batch[n]))
            {
                continue;
            }
            ApplyUpsert(keys[n], hash, batch[n], operation, existing);
        }
    }
}
