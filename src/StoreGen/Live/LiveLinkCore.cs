using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using StoreGen.Engine;

namespace StoreGen.Live;

/// <summary>
/// The link of one store: a queue of local transactions not yet durable (filled by the engine under its write lock,
/// drained by the backend), the keys they touch, and durability waiters. Remote rows are decoded here and applied
/// through the engine's remote path.
/// </summary>
internal sealed partial class LiveLinkCore<TKey, T, TShape, TCodec> : LiveLink, ILiveCapture<TKey, T>
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
    where TCodec : struct, ILiveCodec<TKey, T>
{
    private readonly StoreEngine<TKey, T, TShape> _engine;
    private readonly LiveLinkOptions _options;
    private readonly Lock _gate = new();
    private readonly Queue<QueuedCommit> _queue = new();
    private readonly Dictionary<TKey, int> _pendingKeys = new(KeyComparer<TKey, T, TShape>.Instance);
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = new();
    private readonly Queue<(long CommittedVersion, TKey[] Keys)> _settling = new();   // durable, not yet seen by a poll
    // Remote rows held back because their key had a local change queued; the newest per key, applied once that change
    // settles if it committed later (a poll can read a remote change committed after a local batch still in flight).
    private readonly Dictionary<TKey, (T Item, bool Deleted, long Version)> _heldBack = new(KeyComparer<TKey, T, TShape>.Instance);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<Change<T>> _captured = new();   // the open transaction's changes (engine write lock only)
    private readonly List<long> _capturedExpiry = new();  // when each expires, for stores with a DefaultTimeToLive
    // Local transactions the database refused: a durability wait for a version in [From, To] (To: the last local version
    // when it was refused) throws Reason. The newest few are kept.
    private readonly Queue<(long From, long To, StoreException Reason)> _refused = new();
    private const int RefusalsKept = 64;
    private int _depth;
    private long _lastLocal;
    // The database version of each key as this replica last saw it (loads, remote applies, acknowledged local
    // commits); absent and deleted keys have none. Guarded by _gate.
    private readonly Dictionary<TKey, long> _versions = new(KeyComparer<TKey, T, TShape>.Instance);
    private long _appliedUpTo;   // the database version the last remote apply brought the store to (guarded by _gate)
    // Makes each remote apply (prepare, then the engine's transaction) one step, so two applies never interleave.
    // Order: _applyLock, then the engine's write lock, then _gate.
    private readonly Lock _applyLock = new();
    private long _left;   // how many queued transactions have left the queue (acknowledged or refused), ever

    public LiveLinkCore(StoreEngine<TKey, T, TShape> engine, LiveLinkOptions options)
    {
        _engine = engine;
        _options = options;
    }

    public override string StoreName => TShape.StoreName;

    public override LiveKeySchema Schema => TCodec.Schema;

    public override int QueueDepth => Volatile.Read(ref _depth);

    public override int QueueCapacity => _options.QueueCapacity;

    public override long LastLocalVersion => Interlocked.Read(ref _lastLocal);

    public override int? MaxCount => _engine.RejectingMaxCount;

    // ---- capture (called by the engine under its write lock) ------------------------------------------------

    public void Capture(long version, ChangeKind kind, in T item)
    {
        _captured.Add(new Change<T>(kind, item, version));
        if (_engine.HasDefaultTimeToLive)
        {
            _capturedExpiry.Add(_engine.ExpiryOf(item));
        }
    }

    public void Discard()
    {
        _captured.Clear();
        _capturedExpiry.Clear();
    }

    public LiveRefusal? Publish(long version, bool checkKeys = true)
    {
        if (_captured.Count == 0)
        {
            return null;
        }
        if (checkKeys && RefusedKey() is { } refused)
        {
            Discard();
            return refused;
        }
        lock (_gate)
        {
            if (_depth + _captured.Count > _options.QueueCapacity)
            {
                string reason = $"the write-behind queue to {_options.Target} is full ({_depth} changes not yet durable, capacity {_options.QueueCapacity}); nothing was changed";
                Discard();
                return new LiveRefusal(reason, Array.Empty<object?>(), "live-queue");
            }
            var changes = _captured.ToArray();
            long[]? expiries = _capturedExpiry.Count > 0 ? _capturedExpiry.ToArray() : null;
            Discard();
            var keys = new TKey[changes.Length];
            bool distinct = true;
            for (int n = 0; n < changes.Length; n++)
            {
                keys[n] = TShape.KeyOf(changes[n].Item);
                distinct &= Pend(keys[n]);
            }
            _queue.Enqueue(new QueuedCommit(version, changes, keys, expiries, distinct));
            _depth += changes.Length;
            Interlocked.Exchange(ref _lastLocal, version);
        }
        _signal.Writer.TryWrite(true);
        return null;
    }

    /// <summary>One more change to <paramref name="key"/> is queued; returns whether it is the only one (gate held).</summary>
    private bool Pend(in TKey key)
    {
        ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pendingKeys, key, out _);
        return ++count == 1;
    }

    /// <summary>The first captured key the backend cannot store (<see cref="LiveLinkOptions.CheckTextKey"/>), or null.</summary>
    private LiveRefusal? RefusedKey()
    {
        if (_options.CheckTextKey is not { } check || !TCodec.Schema.Types.Contains(LiveColumnType.Text))
        {
            return null;
        }
        var keyCheck = new TextKeyCheck(TCodec.Schema, check);
        foreach (var change in _captured)
        {
            var key = TShape.KeyOf(change.Item);
            TCodec.WriteKey(key, keyCheck);
            if (keyCheck.Problem is { } problem)
            {
                return new LiveRefusal($"{problem}, so {_options.Target} cannot store it; nothing was changed", TShape.KeyValues(key), "live-key");
            }
        }
        return null;
    }

    /// <summary>Whether a local change to <paramref name="key"/> is queued (engine write lock held).</summary>
    public bool IsPending(in TKey key)
    {
        lock (_gate)
        {
            return _pendingKeys.ContainsKey(key);
        }
    }

    /// <summary>
    /// Whether any local change is queued or unsettled (engine write lock held: none can be added meanwhile, since
    /// queuing needs that lock, so a false answer holds for the whole transaction).
    /// </summary>
    public bool AnyPending
    {
        get
        {
            lock (_gate)
            {
                return _pendingKeys.Count > 0;
            }
        }
    }

    // ---- write-behind -----------------------------------------------------------------------------------------

    public override async ValueTask<LiveBatch> ReadLocalAsync(int maxRows, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_queue.Count > 0)
                {
                    return Batch.From(_queue, _left, 0, maxRows);
                }
            }
            await _signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override LiveBatch? ReadLocalAfter(LiveBatch inFlight, int maxRows)
    {
        var first = (Batch)inFlight;
        lock (_gate)
        {
            int skip = (int)(first.Start + first.Commits - _left);
            return skip >= 0 && _queue.Count > skip ? Batch.From(_queue, _left, skip, maxRows) : null;
        }
    }

    public override void Acknowledge(LiveBatch batch, long committedVersion)
    {
        var done = (Batch)batch;
        List<(TaskCompletionSource, StoreException?)>? completed;
        lock (_gate)
        {
            for (int n = 0; n < done.Commits; n++)
            {
                var commit = _queue.Dequeue();
                _left++;
                _settling.Enqueue((committedVersion, commit.Keys));
                _depth -= commit.Changes.Length;
            }
            for (int row = 0; row < done.Count; row++)
            {
                Record(done.KeyOf(row), done.IsDeleted(row), committedVersion);   // a row holds its key's last change
            }
            completed = Settled();
        }
        Complete(completed);
    }

    /// <summary>
    /// Removes the waiters whose versions left the queue, with the refusal covering each; null when none is due
    /// (gate held).
    /// </summary>
    private List<(TaskCompletionSource Done, StoreException? Refused)>? Settled()
    {
        List<(TaskCompletionSource, StoreException?)>? completed = null;
        long oldest = _queue.Count > 0 ? _queue.Peek().Version : long.MaxValue;
        int kept = 0;
        for (int n = 0; n < _waiters.Count; n++)
        {
            var waiter = _waiters[n];
            if (waiter.Version < oldest)
            {
                (completed ??= new()).Add((waiter.Done, RefusalCovering(waiter.Version)));
            }
            else
            {
                _waiters[kept++] = waiter;
            }
        }
        _waiters.RemoveRange(kept, _waiters.Count - kept);
        return completed;
    }

    /// <summary>The refusal of a transaction queued up to <paramref name="version"/> before it was refused, if any (gate held).</summary>
    private StoreException? RefusalCovering(long version)
    {
        foreach (var (from, to, reason) in _refused)
        {
            if (version >= from && version <= to)
            {
                return reason;
            }
        }
        return null;
    }

    private static void Complete(List<(TaskCompletionSource Done, StoreException? Refused)>? completed)
    {
        if (completed is null)
        {
            return;
        }
        foreach (var (done, refused) in completed)
        {
            if (refused is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(refused);
            }
        }
    }

    public override void Reject(LiveBatch batch, StoreException reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var refused = (Batch)batch;
        List<(TaskCompletionSource, StoreException?)>? completed;
        lock (_gate)
        {
            long from = _queue.Peek().Version;
            for (int n = 0; n < refused.Commits; n++)
            {
                var commit = _queue.Dequeue();
                _left++;
                _depth -= commit.Changes.Length;
                foreach (var key in commit.Keys)
                {
                    if (Unpend(key))
                    {
                        _heldBack.Remove(key);   // the backend brings the key back to the database's state itself
                    }
                }
            }
            _refused.Enqueue((from, LastLocalVersion, reason));
            if (_refused.Count > RefusalsKept)
            {
                _refused.Dequeue();
            }
            completed = Settled();
        }
        Complete(completed);
    }

    /// <summary>One change to <paramref name="key"/> left the queue; returns whether none is left (gate held).</summary>
    private bool Unpend(in TKey key)
    {
        if (!_pendingKeys.Remove(key, out int count) || count == 1)
        {
            return true;
        }
        _pendingKeys.Add(key, count - 1);
        return false;
    }

    public override Task WhenDurableAsync(long version, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_queue.Count == 0 || _queue.Peek().Version > version)
            {
                return RefusalCovering(version) is { } refused ? Task.FromException(refused) : Task.CompletedTask;
            }
            _waiters.Add((version, done));
        }
        return done.Task.WaitAsync(cancellationToken);
    }

    // ---- remote changes ---------------------------------------------------------------------------------------

    public override int ApplyRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion)
    {
        var decoded = Decode(rows, source);
        lock (_applyLock)
        {
            var prepared = Prepare(Versions(rows), decoded, upToVersion, replace: false);
            return prepared.Length == 0 ? 0 : _engine.ApplyRemote(prepared, replace: false, this);
        }
    }

    public override int ReplaceFromRemote(IReadOnlyList<RemoteRow> rows, string source, long upToVersion) =>
        Replace(Versions(rows), Decode(rows, source), upToVersion);

    /// <summary>Makes the store hold exactly the live <paramref name="decoded"/> rows (versions alongside).</summary>
    private int Replace(long[] versions, (T Item, bool Deleted)[] decoded, long upToVersion)
    {
        lock (_applyLock)
        {
            return _engine.ApplyRemote(Prepare(versions, decoded, upToVersion, replace: true), replace: true, this);
        }
    }

    private static long[] Versions(IReadOnlyList<RemoteRow> rows)
    {
        var versions = new long[rows.Count];
        for (int n = 0; n < versions.Length; n++)
        {
            versions[n] = rows[n].Version;
        }
        return versions;
    }

    /// <summary>
    /// Holds back those whose key has a local change queued (keeping the newest per key, which may
    /// be one read now), records the versions of the others, settles the local changes the rows include, and returns
    /// what to apply: the held-back rows that committed after their key's last local change, and the rows read.
    /// </summary>
    private (T Item, bool Deleted)[] Prepare(long[] versions, (T Item, bool Deleted)[] decoded, long upToVersion, bool replace)
    {
        List<(T Item, bool Deleted)>? released;
        lock (_gate)
        {
            if (replace)
            {
                ForgetVersions();
            }
            HoldBack(versions, decoded);
            released = Settle(upToVersion);
            _appliedUpTo = upToVersion;
        }
        if (released is null)
        {
            return decoded;
        }
        released.AddRange(decoded);
        return released.ToArray();
    }

    private void HoldBack(long[] versions, (T Item, bool Deleted)[] decoded)
    {
        for (int n = 0; n < decoded.Length; n++)
        {
            long version = versions[n];
            var key = TShape.KeyOf(decoded[n].Item);
            if (!_pendingKeys.ContainsKey(key))
            {
                Record(key, decoded[n].Deleted, version);
            }
            else if (version > 0 && (!_heldBack.TryGetValue(key, out var held) || held.Version < version))
            {
                _heldBack[key] = (decoded[n].Item, decoded[n].Deleted, version);
            }
        }
    }

    /// <summary>
    /// Local changes committed at or below <paramref name="upToVersion"/> are in what is being applied: their keys are
    /// free again. Returns the held-back rows of freed keys that committed after the key's last local change.
    /// </summary>
    private List<(T Item, bool Deleted)>? Settle(long upToVersion)
    {
        List<(T Item, bool Deleted)>? released = null;
        while (_settling.Count > 0 && _settling.Peek().CommittedVersion <= upToVersion)
        {
            var (committed, keys) = _settling.Dequeue();
            foreach (var key in keys)
            {
                if (Unpend(key) && _heldBack.Remove(key, out var held) && held.Version > committed)
                {
                    (released ??= new()).Add((held.Item, held.Deleted));
                    Record(key, held.Deleted, held.Version);
                }
            }
        }
        return released;
    }

    /// <summary>Decodes every row (in parallel chunks for large loads); the first unreadable row throws, naming it.</summary>
    private static (T Item, bool Deleted)[] Decode(IReadOnlyList<RemoteRow> rows, string source)
    {
        var decoded = new (T, bool)[rows.Count];
        const int chunk = 8_192;
        if (rows.Count <= chunk)
        {
            DecodeRange(rows, decoded, 0, rows.Count, source);
            return decoded;
        }
        System.Threading.Tasks.Parallel.For(0, (rows.Count + chunk - 1) / chunk, part =>
            DecodeRange(rows, decoded, part * chunk, Math.Min(rows.Count, (part + 1) * chunk), source));
        return decoded;
    }

    private static void DecodeRange(IReadOnlyList<RemoteRow> rows, (T, bool)[] decoded, int from, int to, string source)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4_096);
        try
        {
            for (int n = from; n < to; n++)
            {
                var row = rows[n];
                if (row.Json is null)
                {
                    decoded[n] = (Read(row.Utf8Json.Span, row, source), row.Deleted);
                    continue;
                }
                int size = Encoding.UTF8.GetMaxByteCount(row.Json.Length);
                if (size > buffer.Length)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
                }
                int length = Encoding.UTF8.GetBytes(row.Json, buffer);
                decoded[n] = (Read(buffer.AsSpan(0, length), row, source), row.Deleted);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T Read(ReadOnlySpan<byte> json, in RemoteRow row, string source)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return TCodec.ReadItem(ref reader);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            var keys = new object?[row.Key.Count];
            for (int k = 0; k < keys.Length; k++)
            {
                keys[k] = row.Key[k];
            }
            throw new StoreException(TShape.StoreName, "ApplyRemote", keys,
                $"the row in {source} cannot be read as an item: {error.Message}; nothing of this change set was applied", error);
        }
    }

    // ---- batches ----------------------------------------------------------------------------------------------

    /// <summary>
    /// One local transaction: its changes, their keys and, for stores with a DefaultTimeToLive, when each expires.
    /// <paramref name="DistinctKeys"/>: no key of it repeats in it or has a change queued before it (no earlier row of a
    /// batch can share its key).
    /// </summary>
    private sealed record QueuedCommit(long Version, Change<T>[] Changes, TKey[] Keys, long[]? Expiries, bool DistinctKeys);

    /// <summary>The oldest queued transactions, whole, with one row per key (the last change wins).</summary>
    private sealed class Batch : LiveBatch
    {
        private readonly List<(TKey Key, T Item, bool Deleted, long Expires)> _rows = new();
        private long _last;
        private int _changes;

        public int Commits { get; private set; }

        /// <summary>Where its first transaction is in the queue's history (counting every transaction that ever left it).</summary>
        public long Start { get; private init; }

        public override int Count => _rows.Count;

        public override long LastVersion => _last;

        public override int Changes => _changes;

        public static Batch From(Queue<QueuedCommit> queue, long left, int skip, int maxRows)
        {
            var batch = new Batch { Start = left + skip };
            Dictionary<TKey, int>? rowOf = null;   // indexed once a transaction may repeat a key of an earlier row
            int position = 0;
            foreach (var commit in queue)
            {
                if (position++ < skip)
                {
                    continue;
                }
                if (batch.Commits > 0 && batch._rows.Count + commit.Changes.Length > maxRows)
                {
                    break;
                }
                if (rowOf is null && !commit.DistinctKeys)
                {
                    rowOf = batch.RowsByKey();
                }
                for (int c = 0; c < commit.Changes.Length; c++)
                {
                    var change = commit.Changes[c];
                    long expires = commit.Expiries?[c] ?? (TShape.HasExpiresAt ? TShape.ExpiresAt(change.Item) : long.MaxValue);
                    batch.Put(rowOf, (commit.Keys[c], change.Item, change.Kind is ChangeKind.Removed or ChangeKind.Expired, expires));
                }
                batch.Commits++;
                batch._changes += commit.Changes.Length;
                batch._last = commit.Version;
            }
            return batch;
        }

        private Dictionary<TKey, int> RowsByKey()
        {
            var rowOf = new Dictionary<TKey, int>(_rows.Count, KeyComparer<TKey, T, TShape>.Instance);
            for (int row = 0; row < _rows.Count; row++)
            {
                rowOf.Add(_rows[row].Key, row);
            }
            return rowOf;
        }

        /// <summary>Adds a row, or replaces its key's row when <paramref name="rowOf"/> (null: the key is new) holds it.</summary>
        private void Put(Dictionary<TKey, int>? rowOf, (TKey Key, T Item, bool Deleted, long Expires) row)
        {
            if (rowOf is null)
            {
                _rows.Add(row);
                return;
            }
            ref int at = ref CollectionsMarshal.GetValueRefOrAddDefault(rowOf, row.Key, out bool exists);
            if (exists)
            {
                _rows[at] = row;
                return;
            }
            at = _rows.Count;
            _rows.Add(row);
        }

        public TKey KeyOf(int row) => _rows[row].Key;

        public override bool IsDeleted(int row) => _rows[row].Deleted;

        public override void WriteKey(int row, ILiveKeyWriter writer) => TCodec.WriteKey(_rows[row].Key, writer);

        public override void WriteItem(int row, Utf8JsonWriter writer) => TCodec.WriteItem(writer, _rows[row].Item);

        public override long ExpiresAt(int row) => _rows[row].Expires;
    }
}

/// <summary>What the engine calls on its attached link, under its write lock.</summary>
internal interface ILiveCapture<TKey, T>
    where TKey : struct
{
    /// <summary>Records one change of the open transaction.</summary>
    void Capture(long version, ChangeKind kind, in T item);

    /// <summary>The open transaction was rolled back.</summary>
    void Discard();

    /// <summary>
    /// The open local transaction commits at <paramref name="version"/>: queue it; returns why not if the queue is full or,
    /// with <paramref name="checkKeys"/>, a key cannot be stored by the backend.
    /// </summary>
    LiveRefusal? Publish(long version, bool checkKeys = true);

    /// <summary>Whether a local change to <paramref name="key"/> is still queued.</summary>
    bool IsPending(in TKey key);

    /// <summary>Whether any local change is still queued or unsettled.</summary>
    bool AnyPending { get; }
}

/// <summary>Why a local transaction was not queued: the message, the keys it names and the rejection metric's reason.</summary>
internal sealed record LiveRefusal(string Reason, object?[] Keys, string Metric);
