using System;
using System.Collections.Generic;
using StoreGen.Live;

namespace StoreGen.Engine;

// Live backends: local transactions are captured for write-behind; remote changes come in through their own path.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    private ILiveCapture<TKey, T>? _live;
    private LiveLink? _liveLink;

    // True while the open transaction applies remote changes: it is not queued to be written back, and write guards
    // (which judged the change on the replica that made it) are not asked again.
    private bool _remote;

    /// <summary>The attached live link, or null.</summary>
    public LiveLink? Live => _liveLink;

    /// <summary>
    /// Attaches a live backend. From now on every local transaction is queued for it; the items already stored are
    /// queued first, as one transaction, so nothing written before the backend started is lost.
    /// </summary>
    public LiveLink AttachLive<TCodec>(LiveLinkOptions options)
        where TCodec : struct, ILiveCodec<TKey, T>
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_writeLock)
        {
            if (_liveLink is not null)
            {
                throw new StoreException(TShape.StoreName, "AttachLive", Array.Empty<object?>(), "a live backend is already attached");
            }
            var link = new LiveLinkCore<TKey, T, TShape, TCodec>(this, options);
            var state = _state;
            var view = StoreView<TKey, T>.WithoutExpiry(state);
            foreach (var item in StoreReader<TKey, T, TShape>.ToArray(view))
            {
                link.Capture(state.Version, ChangeKind.Added, item);
            }
            link.Publish(state.Version, checkKeys: false);   // stored before the backend came: queued whatever they are
            _live = link;
            _liveLink = link;
            return link;
        }
    }

    /// <summary>
    /// Applies remote rows as one transaction through the remote path; returns how many changed the store. Rows for
    /// keys with a queued local change are skipped (that change commits later and wins). With
    /// <paramref name="replace"/>, stored items absent from the live rows (and not queued locally) are removed.
    /// </summary>
    internal int ApplyRemote((T Item, bool Deleted)[] rows, bool replace, ILiveCapture<TKey, T> link)
    {
        const string operation = "ApplyRemote";
        var keys = new TKey[rows.Length];
        for (int n = 0; n < rows.Length; n++)
        {
            keys[n] = CheckedKeyOf(rows[n].Item, operation);
        }
        long before = State.Version;
        Transact(rows.Length, operation, (rows, keys, replace, link), static (engine, a, op) =>
        {
            engine._remote = true;
            bool pending = a.link.AnyPending;
            if (a.replace && engine._tx.Count > 0)
            {
                engine.RemoveAbsent(a.rows, a.keys, pending ? a.link : null, op);
            }
            for (int n = 0; n < a.rows.Length; n++)
            {
                if ((pending && a.link.IsPending(a.keys[n])) || (a.replace && a.rows[n].Deleted))
                {
                    continue;
                }
                int hash = TShape.HashKey(a.keys[n]);
                int existing = FindLive(engine._tx.Table, a.keys[n], hash);
                if (a.rows[n].Deleted)
                {
                    if (existing >= 0)
                    {
                        engine.RemoveAt(existing, ChangeKind.Removed, op);
                    }
                }
                else if (existing < 0 || !EqualityComparer<T>.Default.Equals(engine._tx.Table.Entries[existing].Item, a.rows[n].Item))
                {
                    int added = engine._tx.Cursor;
                    engine.ApplyUpsert(a.keys[n], hash, a.rows[n].Item, op, existing);
                    if (TShape.HasUniqueIndexes && engine._tx.Cursor > added)
                    {
                        engine.DisplaceUniqueHolders(added, pending ? a.link : null, op);
                    }
                }
            }
            return true;
        });
        return (int)(State.Version - before);
    }

    /// <summary>
    /// A remote row just applied (entry <paramref name="added"/>) displaces the live entries holding one of its unique
    /// index values: rows are applied in the database's commit order and such a holder committed earlier (or is a row
    /// read earlier in this apply), so every replica keeps the holder committed last. When the holder's key has a local
    /// change queued (<paramref name="pending"/>), that change commits later and wins: the remote row is displaced.
    /// </summary>
    private void DisplaceUniqueHolders(int added, ILiveCapture<TKey, T>? pending, string operation)
    {
        var table = _tx.Table;
        for (int index = 0; index < table.IndexCount; index++)
        {
            ref var entry = ref table.Entries[added];
            if (!TShape.IsUnique(index)
                || UniqueHolder(table, index, table.IndexLinks[(added * table.IndexCount + index) * 2], entry.Key, entry.Item, added) is not (>= 0 and var holder))
            {
                continue;
            }
            if (pending?.IsPending(table.Entries[holder].Key) ?? false)
            {
                RemoveAt(added, ChangeKind.Removed, operation);
                return;
            }
            RemoveAt(holder, ChangeKind.Removed, operation);
        }
    }

    /// <summary>Removes stored items absent from <paramref name="rows"/>; <paramref name="pending"/> (null when nothing is queued) keeps queued keys.</summary>
    private void RemoveAbsent((T Item, bool Deleted)[] rows, TKey[] keys, ILiveCapture<TKey, T>? pending, string operation)
    {
        var keep = new HashSet<TKey>(KeyComparer<TKey, T, TShape>.Instance);
        for (int n = 0; n < rows.Length; n++)
        {
            if (!rows[n].Deleted)
            {
                keep.Add(keys[n]);
            }
        }
        var table = _tx.Table;
        for (int i = 0; i < _tx.Cursor; i++)
        {
            ref var entry = ref table.Entries[i];
            if (entry.Removed == long.MaxValue && !keep.Contains(entry.Key) && !(pending?.IsPending(entry.Key) ?? false))
            {
                RemoveAt(i, ChangeKind.Removed, operation);
            }
        }
    }

    // ---- hooks into the transaction (write lock held) -----------------------------------------------------------

    private void BeginLive()
    {
        _remote = false;
        _live?.Discard();
    }

    private void CaptureLive(long version, ChangeKind kind, in T item)
    {
        if (!_remote)
        {
            _live?.Capture(version, kind, item);
        }
    }

    /// <summary>Queues a committing local transaction for the live backend; rejects it when the queue is full.</summary>
    private void PublishLive(string operation)
    {
        if (_live is { } live && !_remote && live.Publish(_tx.Version) is { } refused)
        {
            throw Reject(operation, refused.Keys, refused.Reason, refused.Metric);
        }
    }

    private void DiscardLive() => _live?.Discard();
}
