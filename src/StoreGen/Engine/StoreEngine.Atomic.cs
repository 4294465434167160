using System;
using System.Collections.Generic;

namespace StoreGen.Engine;

// Read-modify-write: the read and the write happen in one transaction under the write lock, so no other write can
// come between them (a Get followed by an Upsert can lose concurrent updates; these cannot).
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>
    /// Atomically replaces the item with <paramref name="key"/> by what <paramref name="change"/> makes of it: the
    /// function gets whether an item is stored (an expired one is not) and that item, and returns whether to keep an
    /// item and which. Not keeping one removes the stored item. The function runs under the write lock, exactly
    /// once per call; if it throws, nothing is changed. Returns whether an item is stored afterwards, and which.
    /// </summary>
    public (bool Stored, T Item) Update(in TKey key, Func<bool, T, (bool Keep, T Item)> change, string operation)
    {
        ArgumentNullException.ThrowIfNull(change);
        CheckKey(key, operation);
        return Transact(1, operation, (key, change, hash: TShape.HashKey(key)), static (engine, a, op) =>
        {
            int existing = FindLive(engine._tx.Table, a.key, a.hash);
            bool found = existing >= 0 && !engine.IsExpired(existing);
            var (keep, item) = a.change(found, found ? engine._tx.Table.Entries[existing].Item : default!);
            if (!keep)
            {
                if (found)
                {
                    engine.RemoveAt(existing, ChangeKind.Removed, op);
                }
                return (false, default(T)!);
            }
            CheckSameKey(a.key, item, op);
            engine.ApplyUpsert(a.key, a.hash, item, op, existing);
            return (true, item);
        });
    }

    /// <summary>
    /// Atomically adds <paramref name="item"/> if its key is not stored, or stores what <paramref name="update"/>
    /// makes of the stored item (same rules as <see cref="Update"/>); returns the item stored.
    /// </summary>
    public T AddOrUpdate(in T item, Func<T, T> update, string operation)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = CheckedKeyOf(item, operation);
        var added = item;
        return Update(key, (found, current) => (true, found ? update(current) : added), operation).Item;
    }

    /// <summary>
    /// Atomically replaces <paramref name="expected"/> by <paramref name="replacement"/> (same key) if the stored
    /// item with that key is still equal to <paramref name="expected"/>; returns whether it was replaced. A
    /// compare-and-swap: read an item, compute its successor, and retry from a fresh read when this returns false.
    /// </summary>
    public bool TryReplace(in T expected, in T replacement, string operation)
    {
        var key = CheckedKeyOf(expected, operation);
        CheckSameKey(key, replacement, operation);
        return Transact(1, operation, (key, expected, replacement, hash: TShape.HashKey(key)), static (engine, a, op) =>
        {
            int existing = FindLive(engine._tx.Table, a.key, a.hash);
            if (existing < 0 || engine.IsExpired(existing) || !EqualityComparer<T>.Default.Equals(engine._tx.Table.Entries[existing].Item, a.expected))
            {
                return false;
            }
            engine.ApplyUpsert(a.key, a.hash, a.replacement, op, existing);
            return true;
        });
    }

    /// <summary>Throws unless <paramref name="item"/> is not null and has <paramref name="key"/>: a read-modify-write may not move an item to another key.</summary>
    private static void CheckSameKey(in TKey key, in T item, string operation)
    {
        if (item is null)
        {
            throw new StoreException(TShape.StoreName, operation, TShape.KeyValues(key), "the new item is null");
        }
        var actual = TShape.KeyOf(item);
        if (!TShape.KeyEquals(actual, key))
        {
            throw new StoreException(TShape.StoreName, operation, TShape.KeyValues(key),
                $"the new item has the key {StoreException.FormatKeys(TShape.KeyValues(actual))}, not the key being updated; nothing was changed");
        }
    }
}
