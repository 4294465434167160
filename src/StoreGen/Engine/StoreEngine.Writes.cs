using System;
using System.Collections.Generic;
using System.Linq;

namespace StoreGen.Engine;

// The write operations. Each is one Transact call: a transaction under the write lock, then notification outside it.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>
    /// Runs <paramref name="body"/> as one transaction under the write lock, making room for
    /// <paramref name="appends"/> new entries first; publishes it if it changed anything, then notifies subscribers
    /// and metrics outside the lock. If anything throws — a rejection, or user code such as a write guard or a
    /// predicate — the transaction is rolled back and nothing of it is ever visible. Bodies are static lambdas
    /// (cached, no allocation) that get what they need through <paramref name="argument"/>.
    /// </summary>
    private TResult Transact<TArgument, TResult>(int appends, string operation, in TArgument argument,
        Func<StoreEngine<TKey, T, TShape>, TArgument, string, TResult> body)
    {
        TResult result;
        TxCounts counts;
        lock (_writeLock)
        {
            Begin(appends);
            try
            {
                result = body(this, argument, operation);
                counts = Commit(operation);
            }
            catch
            {
                RollBack();   // idempotent: a rejection has already rolled back
                throw;
            }
        }
        AfterCommit(counts);
        return result;
    }

    /// <summary>Adds or replaces the item with the same key; write guards see <paramref name="context"/>.</summary>
    public void Upsert(in T item, string operation, WriteContext? context = null)
    {
        var key = CheckedKeyOf(item, operation);
        Transact(1, operation, (key, item, context, hash: TShape.HashKey(key)), static (engine, a, op) =>   // hashed outside the lock
        {
            engine._tx.Context = a.context;
            engine.ApplyUpsert(a.key, a.hash, a.item, op);
            return true;
        });
    }

    /// <summary>Adds the item unless its key is already stored (an expired, unswept item counts as absent).</summary>
    public bool TryAdd(in T item, string operation)
    {
        var key = CheckedKeyOf(item, operation);
        return Transact(1, operation, (key, item, hash: TShape.HashKey(key)), static (engine, a, op) =>
        {
            int existing = FindLive(engine._tx.Table, a.key, a.hash);
            if (existing >= 0 && !engine.IsExpired(existing))
            {
                return false;
            }
            engine.ApplyUpsert(a.key, a.hash, a.item, op, existing);
            return true;
        });
    }

    /// <summary>Removes the item with <paramref name="key"/>; false if there was none. Write guards see <paramref name="context"/>.</summary>
    public bool Remove(in TKey key, string operation, WriteContext? context = null)
    {
        CheckKey(key, operation);
        return Transact(0, operation, (key, context), static (engine, a, op) =>
        {
            engine._tx.Context = a.context;
            return engine.ApplyRemove(a.key, op);
        });
    }

    /// <summary>Adds or replaces every item, atomically: readers see all of them or none. Write guards see <paramref name="context"/>.</summary>
    public void UpsertMany(IEnumerable<T> items, string operation, WriteContext? context = null)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        Transact(batch.Length, operation, (batch, keys, context), static (engine, a, op) =>
        {
            engine._tx.Context = a.context;
            for (int n = 0; n < a.batch.Length; n++)
            {
                engine.ApplyUpsert(a.keys[n], TShape.HashKey(a.keys[n]), a.batch[n], op);
            }
            return true;
        });
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
        return Transact(0, operation, batch, static (engine, keys, op) =>
        {
            int removed = 0;
            foreach (var key in keys)
            {
                if (engine.ApplyRemove(key, op))
                {
                    removed++;
                }
            }
            return removed;
        });
    }

    /// <summary>
    /// Removes every item <paramref name="predicate"/> accepts, atomically; returns how many. The predicate runs
    /// under the write lock (it delays other writers, never readers), so keep it short and free of store calls.
    /// </summary>
    public int RemoveWhere(Func<T, bool> predicate, string operation)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Transact(0, operation, predicate, static (engine, accepts, op) =>
        {
            int removed = 0;
            var table = engine._tx.Table;
            for (int i = 0; i < engine._tx.Cursor; i++)
            {
                if (table.Entries[i].IsLive && accepts(table.Entries[i].Item))
                {
                    engine.RemoveAt(i, ChangeKind.Removed, op);
                    removed++;
                }
            }
            return removed;
        });
    }

    /// <summary>
    /// Makes the store hold exactly <paramref name="items"/>, atomically. Items equal to what is stored are not
    /// changes (the version does not move for them), so an unchanged poll result costs lookups only.
    /// </summary>
    public void ReplaceAll(IEnumerable<T> items, string operation)
    {
        var batch = Materialize(items, operation);
        var keys = KeysOf(batch, operation);
        var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
        Transact(batch.Length, operation, (batch, keys, keep), static (engine, a, op) =>
        {
            var table = engine._tx.Table;
            for (int i = 0; i < engine._tx.Cursor; i++)
            {
                if (table.Entries[i].IsLive && !a.keep.Contains(table.Entries[i].Key))
                {
                    engine.RemoveAt(i, ChangeKind.Removed, op);
                }
            }
            engine.ApplyReplacements(a.batch, a.keys, op);
            return true;
        });
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
        var keep = new HashSet<TKey>(keys, KeyComparer<TKey, T, TShape>.Instance);
        Transact(batch.Length, operation, (batch, keys, keep, index, hash, prefix), static (engine, a, op) =>
        {
            engine.RemoveUnderPrefix(a.index, a.hash, a.prefix, a.keep, op);
            engine.ApplyReplacements(a.batch, a.keys, op);
            return true;
        });
    }

    /// <summary>Removes every item under one key prefix, atomically; returns how many (write guards are consulted for each).</summary>
    public int RemovePrefix<TMatcher>(int index, int hash, TMatcher prefix, string operation)
        where TMatcher : struct, IEntryMatcher<TKey, T> =>
        Transact(0, operation, (index, hash, prefix), static (engine, a, op) => engine.RemoveUnderPrefix(a.index, a.hash, a.prefix, null, op));

    /// <summary>Removes the live items under a key prefix (found through its index chain) except those in <paramref name="keep"/>.</summary>
    private int RemoveUnderPrefix<TMatcher>(int index, int hash, TMatcher prefix, HashSet<TKey>? keep, string operation)
        where TMatcher : struct, IEntryMatcher<TKey, T>
    {
        var table = _tx.Table;
        int stride = table.IndexCount;
        int removed = 0;
        int i = table.IndexHeads[table.IndexHead(index, hash)] - 1;
        while (i >= 0)
        {
            int link = IndexLink.Of(i, index, stride);
            ref var entry = ref table.Entries[i];
            if (table.IndexLinks[link] == hash && entry.IsLive
                && prefix.Matches(entry.Key, entry.Item) && keep?.Contains(entry.Key) != true)
            {
                RemoveAt(i, ChangeKind.Removed, operation);
                removed++;
            }
            i = table.IndexLinks[link + 1] - 1;
        }
        return removed;
    }

    /// <summary>Removes every item, atomically (write guards are consulted for each).</summary>
    public void Clear(string operation) =>
        Transact(0, operation, 0, static (engine, _, op) =>
        {
            if (engine._tx.Count == 0)
            {
                return false;
            }
            var old = engine._tx.Table;
            for (int i = 0; i < engine._tx.Cursor; i++)
            {
                if (old.Entries[i].IsLive)
                {
                    engine.RemoveAt(i, ChangeKind.Removed, op);   // guards may reject here, before anything is swapped
                }
            }
            // The stamped table is swapped for an empty one only once the transaction commits (see Commit): a refusal
            // after this point (a full write-behind queue) rolls the stamps back on the table that still holds the items.
            engine._tx.Emptied = true;
            return true;
        });

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
            ApplyUpsert(keys[n], TShape.HashKey(keys[n]), batch[n], operation);
        }
    }
}
