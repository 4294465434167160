using System;
using System.Collections.Generic;
using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// The write side of a generated store. Writers serialize on one lock among themselves; readers never take it:
/// they read <see cref="State"/> (one volatile read) and see a complete, immutable point in time.
/// </summary>
/// <remarks>
/// Every write is a small transaction: changes are applied to the current <see cref="Table{TKey, T}"/> in ways no
/// published state can see (appended entries beyond its <c>EntryCount</c>, <c>Removed</c> stamps above its version),
/// write guards, limits and unique indexes are checked, and then one new <see cref="StoreState{TKey, T}"/> is
/// published. A rejected write is rolled back before anything is published, so readers see all of a batch or none
/// of it, and a failed write changes nothing. Subscribers and metrics are told after the lock is released.
/// This file holds the transaction machinery; the operations, the change feed, expiry and limits have their own.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed partial class StoreEngine<TKey, T, TShape> : IDisposable
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
{
    private readonly Lock _writeLock = new();
    private readonly int _initialCapacity;
    private readonly StoreMetrics? _metrics;
    private StoreState<TKey, T> _state;

    // Writer-only state lives in its own object (guarded by _writeLock), so the writer's constant updates do not
    // share cache lines with what every reader reads (_state, _clock, _expiring).
    private readonly Transaction _tx;

    /// <summary>Creates an empty store.</summary>
    public StoreEngine(StoreOptions? options)
    {
        options ??= new StoreOptions();
        CheckOptions(options);
        _initialCapacity = Math.Max(Table<TKey, T>.MinCapacity, options.InitialCapacity);
        _clock = options.TimeProvider;
        _defaultTtl = options.DefaultTimeToLive;
        _expiring = TShape.HasExpiresAt || _defaultTtl is not null;
        _ring = options.ChangeFeedCapacity > 0 ? Allocate(() => new ChangeRing<T>(options.ChangeFeedCapacity), nameof(options.ChangeFeedCapacity), options.ChangeFeedCapacity) : null;
        _maxCount = options.MaxCount;
        _overflow = options.Overflow;
        _guard = (options as StoreOptions<T>)?.WriteGuard;
        _metrics = options.Meter is { } meter ? new StoreMetrics(meter, TShape.StoreName, () => State.Count) : null;
        _tx = new Transaction(Allocate(() => NewTable(_initialCapacity), nameof(options.InitialCapacity), options.InitialCapacity));
        _state = new StoreState<TKey, T>(_tx.Table, 0, 0, 0, long.MaxValue);
        if (options.SweepInterval is { } interval)
        {
            _sweeper = _clock.CreateTimer(_ => SweepExpired(), null, interval, interval);
        }
    }

    /// <summary>The current state: what every read of the store sees. Never blocks.</summary>
    public StoreState<TKey, T> State => Volatile.Read(ref _state);

    /// <summary>The current state at the current time (expired items hidden). Never blocks.</summary>
    public StoreView<TKey, T> View() => _expiring ? new(State, _clock.GetUtcNow().UtcTicks) : StoreView<TKey, T>.WithoutExpiry(State);

    private Table<TKey, T> NewTable(int capacity) => new(capacity, TShape.IndexCount, _expiring);

    // ---- transaction ----------------------------------------------------------------------------------------

    private void Begin(int appends)
    {
        var state = _state;
        _tx.Version = state.Version;
        _tx.Count = state.Count;
        _tx.MinExpiry = state.MinExpiry;
        _tx.Counts = default;
        _tx.Context = null;
        _tx.Stamped.Clear();
        _tx.Emptied = false;
        BeginLive();
        EnsureRoom(appends);
        _tx.Start = _tx.Cursor;
    }

    /// <summary>Checks limits and unique indexes, then publishes; returns what changed (empty if nothing did).</summary>
    private TxCounts Commit(string operation)
    {
        var state = _state;
        if (_tx.Version == state.Version)
        {
            return default; // nothing changed; a table rebuilt by EnsureRoom holds the same items and is published with the next change
        }
        EnforceMaxCount(operation);
        if (TShape.HasUniqueIndexes && _tx.Cursor > _tx.Start)
        {
            CheckUniqueOrRollBack(operation);
        }
        PublishLive(operation);
        if (_ring is not null && _tx.Version - state.Version > _ring.Capacity)
        {
            _ring.Forget(_tx.Version); // this transaction alone overran the feed: older cursors must resynchronize
        }
        if (_tx.Emptied)
        {
            StartEmpty();
        }
        Volatile.Write(ref _state, new StoreState<TKey, T>(_tx.Table, _tx.Version, _tx.Count, _tx.Cursor, _tx.MinExpiry));
        return _tx.Counts;
    }

    /// <summary>
    /// A committed Clear starts over with an empty table rather than keep the stamped one, so memory goes back to
    /// the initial size; states already published keep reading the old table.
    /// </summary>
    private void StartEmpty()
    {
        _tx.Emptied = false;
        _tx.Stamped.Clear();
        _tx.Table = NewTable(_initialCapacity);
        CancelRebuild();
        _tx.Cursor = 0;
        _tx.Start = 0;
        _tx.MinExpiry = long.MaxValue;
    }

    /// <summary>Outside the write lock: wakes subscribers and records metrics for a committed transaction.</summary>
    private void AfterCommit(in TxCounts counts)
    {
        if (counts.IsEmpty)
        {
            return;
        }
        NotifySubscribers();
        _metrics?.Record(counts);
    }

    /// <summary>Rolls back and throws: a write was rejected, and nothing of its transaction is ever visible.</summary>
    private StoreException Reject(string operation, object?[] keys, string reason, string metricReason)
    {
        RollBack();
        _metrics?.Rejected(metricReason);
        return new StoreException(TShape.StoreName, operation, keys, reason);
    }

    /// <summary>Checks every entry this transaction added against every unique index; rolls back and throws on a clash.</summary>
    private void CheckUniqueOrRollBack(string operation)
    {
        for (int i = _tx.Start; i < _tx.Cursor; i++)
        {
            if (_tx.Table.Entries[i].IsLive && UniqueClash(_tx.Table, i) is { } clash)
            {
                throw Reject(operation, TShape.KeyValues(_tx.Table.Entries[i].Key), clash + "; nothing was changed", "unique");
            }
        }
    }

    private void RollBack()
    {
        var entries = _tx.Table.Entries;
        foreach (int i in _tx.Stamped)
        {
            Volatile.Write(ref entries[i].Removed, Entry<TKey, T>.Live);
        }
        // Appended entries stay linked (a concurrent reader may be walking through them) but no version sees them.
        for (int i = _tx.Start; i < _tx.Cursor; i++)
        {
            Volatile.Write(ref entries[i].Removed, Entry<TKey, T>.RolledBack);
        }
        // Change-feed slots written for the rolled-back versions are above the published version, so no reader
        // asks for them; the next transaction reuses those versions and overwrites them.
        _tx.Stamped.Clear();
        _tx.Emptied = false;
        RollBackCopies();
        DiscardLive();
        var state = _state;
        _tx.Version = state.Version;
        _tx.Count = state.Count;
        _tx.MinExpiry = state.MinExpiry;
        _tx.Counts = default;
    }

    // ---- table mutation (writer only) -----------------------------------------------------------------------

    private void ApplyUpsert(in TKey key, int hash, in T item, string operation) =>
        ApplyUpsert(key, hash, item, operation, FindLive(_tx.Table, key, hash));

    /// <summary>Appends <paramref name="item"/> and retires <paramref name="existing"/> (the live entry with its key, or -1), found by the caller.</summary>
    private void ApplyUpsert(in TKey key, int hash, in T item, string operation, int existing)
    {
        long expires = ExpiryInTable(item);   // once: a DefaultTimeToLive reads the clock
        if (existing >= 0 && IsSameAsStored(existing, item, expires))
        {
            return;
        }
        Append(key, hash, item, operation, existing, expires);
    }

    /// <summary>Appends <paramref name="item"/>, expiring at <paramref name="expires"/>, and retires <paramref name="existing"/> (or -1).</summary>
    private void Append(in TKey key, int hash, in T item, string operation, int existing, long expires)
    {
        Guard(operation, WriteKind.Upsert, item, key);
        int i = _tx.Cursor++;
        Link(_tx.Table, i, key, hash, item, expires, existing);
        _tx.MinExpiry = Math.Min(_tx.MinExpiry, expires);
        if (existing >= 0)
        {
            Record(Stamp(existing), ChangeKind.Updated, item);
        }
        else
        {
            _tx.Count++;
            Record(++_tx.Version, ChangeKind.Added, item);
        }
    }

    /// <summary>
    /// Whether writing <paramref name="item"/> over live entry <paramref name="existing"/> changes nothing: the items are
    /// equal and it would expire at the same time. Such a write is not a change (the version does not move, nothing is
    /// persisted or reported), for every write operation alike; a write under a DefaultTimeToLive renews the item, so it
    /// is a change.
    /// </summary>
    private bool IsSameAsStored(int existing, in T item, long expires) =>
        EqualityComparer<T>.Default.Equals(_tx.Table.Entries[existing].Item, item)
        && (_tx.Table.Expiry is not { } expiry || expiry[existing] == expires);

    /// <summary>
    /// Writes <paramref name="item"/> into entry <paramref name="i"/> of <paramref name="table"/> (beyond what any
    /// published state sees) and links it into its bucket and every index chain; returns when it expires.
    /// </summary>
    private long Link(Table<TKey, T> table, int i, in TKey key, int hash, in T item)
    {
        long expires = table.Expiry is null ? long.MaxValue : ExpiryOf(item);
        Link(table, i, key, hash, item, expires, previous: -1);
        return expires;
    }

    /// <summary>
    /// Writes <paramref name="item"/> into entry <paramref name="i"/> of <paramref name="table"/> (beyond what any
    /// published state sees) and links it into its bucket and every index chain. Publish order: every field of the
    /// entry and its index links is written before the chain heads point at it (each head with a release write), so
    /// a reader that follows a head to the entry sees it whole; the entry stays invisible to readers until the state
    /// whose version covers it is published. An index value equal to that of
    /// <paramref name="previous"/> (the entry it replaces, or -1) reuses its hash: an update that leaves an indexed
    /// member alone (always the case for key-prefix indexes) hashes nothing but its key.
    /// </summary>
    private static void Link(Table<TKey, T> table, int i, in TKey key, int hash, in T item, long expires, int previous)
    {
        int bucket = table.Bucket(hash);
        ref var entry = ref table.Entries[i];
        entry.Key = key;
        entry.Item = item;
        entry.Hash = hash;
        entry.Removed = Entry<TKey, T>.Live;
        entry.Next = table.Buckets[bucket];
        if (table.Expiry is { } expiry)
        {
            expiry[i] = expires;
        }
        int stride = table.IndexCount;
        for (int index = 0; index < stride; index++)
        {
            int indexHash = previous >= 0 && TShape.IndexEquals(index, key, item, table.Entries[previous].Key, table.Entries[previous].Item)
                ? table.IndexLinks[IndexLink.Of(previous, index, stride)]
                : TShape.HashIndex(index, key, item);
            int link = IndexLink.Of(i, index, stride);
            ref int head = ref table.IndexHeads[table.IndexHead(index, indexHash)];
            table.IndexLinks[link] = indexHash;
            table.IndexLinks[link + 1] = head;
            Volatile.Write(ref head, i + 1);
        }
        Volatile.Write(ref table.Buckets[bucket], i + 1);
    }

    /// <summary>Removes live entry <paramref name="i"/> as one change of <paramref name="kind"/>.</summary>
    private void RemoveAt(int i, ChangeKind kind, string operation)
    {
        var item = _tx.Table.Entries[i].Item;
        if (kind == ChangeKind.Removed)
        {
            Guard(operation, WriteKind.Remove, item, _tx.Table.Entries[i].Key);
        }
        Record(Stamp(i), kind, item);
        _tx.Count--;
    }

    /// <summary>Ends entry <paramref name="i"/>'s life at the next version; returns that version.</summary>
    private long Stamp(int i)
    {
        long version = ++_tx.Version;
        Volatile.Write(ref _tx.Table.Entries[i].Removed, version);
        _tx.Stamped.Add(i);
        StampCopy(i, version);
        return version;
    }

    private void Record(long version, ChangeKind kind, in T item)
    {
        _ring?.Write(version, kind, item);
        CaptureLive(version, kind, item);
        _tx.Counts.Add(kind);
    }

    private static int FindLive(Table<TKey, T> table, in TKey key, int hash)
    {
        int i = table.Buckets[table.Bucket(hash)] - 1;
        while (i >= 0)
        {
            ref var entry = ref table.Entries[i];
            if (entry.Hash == hash && entry.IsLive && TShape.KeyEquals(entry.Key, key))
            {
                return i;
            }
            i = entry.Next - 1;
        }
        return -1;
    }

    /// <summary>The writer's working state: the current table, its append cursor, and the open transaction.</summary>
    private sealed class Transaction(Table<TKey, T> table)
    {
        public Table<TKey, T> Table = table;
        public int Cursor;
        public readonly List<int> Stamped = new();
        public long Version;
        public int Count;
        public int Start;
        public long MinExpiry;
        public TxCounts Counts;
        public WriteContext? Context;   // what the caller passed with this write, for write guards
        public Rebuild? Next;           // the table a rebuild is filling, if one runs
        public bool Emptied;            // a Clear: start over with an empty table once this transaction commits
        public System.Threading.Tasks.Task<Table<TKey, T>>? Prepared;   // the next table, allocated off this thread
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
        return System.Linq.Enumerable.ToArray(items);
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
