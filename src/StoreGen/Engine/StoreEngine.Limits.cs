namespace StoreGen.Engine;

// Write guards and the item limit.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    private readonly WriteGuard<T>? _guard;
    private readonly int? _maxCount;
    private readonly OverflowPolicy _overflow;

    /// <summary>MaxCount when writes beyond it are rejected (<see cref="OverflowPolicy.Reject"/>); null otherwise.</summary>
    internal int? RejectingMaxCount => _overflow == OverflowPolicy.Reject ? _maxCount : null;

    /// <summary>Asks the write guard; a rejection rolls the transaction back and throws.</summary>
    private void Guard(string operation, WriteKind kind, in T item, in TKey key)
    {
        if (_guard is null || _remote)
        {
            return;
        }
        if (_guard(new WriteAttempt<T>(operation, kind, item, _tx.Context)) is { } reason)
        {
            throw Reject(operation, TShape.KeyValues(key), "rejected by the write guard: " + reason, "guard");
        }
    }

    /// <summary>
    /// The keys of the items this transaction added (for a rejection's message): one key's members as they are, several
    /// keys each formatted as <c>[a, b]</c>, the first ten of them.
    /// </summary>
    private object?[] AddedKeys()
    {
        var keys = new System.Collections.Generic.List<object?[]>();
        int more = 0;
        for (int i = _tx.Start; i < _tx.Cursor; i++)
        {
            ref var entry = ref _tx.Table.Entries[i];
            if (!entry.IsLive)
            {
                continue;
            }
            if (keys.Count < 10)
            {
                keys.Add(TShape.KeyValues(entry.Key));
            }
            else
            {
                more++;
            }
        }
        if (keys.Count == 1)
        {
            return keys[0];
        }
        var named = keys.ConvertAll(k => (object?)StoreException.FormatKeys(k));
        if (more > 0)
        {
            named.Add($"and {more} more");
        }
        return named.ToArray();
    }

    /// <summary>
    /// At commit: a transaction that leaves more than MaxCount items is rejected, or makes room by removing the
    /// oldest items (store order: the least recently written first), each reported as Removed. Remote changes are not
    /// limited: the database holds the truth, and this replica's local changes not yet refused by it may count too.
    /// </summary>
    private void EnforceMaxCount(string operation)
    {
        if (_maxCount is not { } max || _tx.Count <= max || _remote)
        {
            return;
        }
        if (_overflow == OverflowPolicy.Reject)
        {
            int count = _tx.Count;
            throw Reject(operation, AddedKeys(),
                $"the store would hold {count} items, more than its MaxCount of {max}; nothing was changed", "limit");
        }
        var table = _tx.Table;
        for (int i = 0; i < _tx.Cursor && _tx.Count > max; i++)
        {
            if (table.Entries[i].IsLive)
            {
                Record(Stamp(i), ChangeKind.Removed, table.Entries[i].Item);
                _tx.Count--;
            }
        }
    }
}
