using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StoreGen.Live;

namespace StoreGen.Redis;

/// <summary>One store kept by the Redis backend: its keys, its link, its cursor and epoch, and the scripts that act on them.</summary>
internal sealed class RedisReplica
{
    private readonly RedisOptions _options;
    private readonly RedisKeyEncoder _encoder = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private readonly List<int> _payloadEnds = new();
    private static readonly RedisValue Deleted = "1", Upserted = "0";

    /// <summary>
    /// Attaches to <paramref name="store"/>. <paramref name="sharded"/>: hints use sharded pub/sub (a cluster);
    /// <paramref name="origin"/>: the id this replica's hints carry, so it can tell them from others'.
    /// </summary>
    public RedisReplica(ILiveStore store, RedisOptions options, ILiveConditionalWriter? conditionalWriter = null, bool sharded = false, string origin = "")
    {
        _options = options;
        Origin = origin;
        Keys = new RedisKeys(options.Namespace, store.StoreName, sharded);
        Link = store.AttachLive(new LiveLinkOptions { QueueCapacity = options.QueueCapacity, Target = "redis " + Keys.Prefix, ConditionalWriter = conditionalWriter });
    }

    public RedisKeys Keys { get; }

    /// <summary>The id the hints of this replica's writes carry (<c>&lt;seq&gt; &lt;origin&gt;</c>).</summary>
    public string Origin { get; }

    public LiveLink Link { get; }

    public string StoreName => Link.StoreName;

    /// <summary>Serializes loads, resets and polls of this store.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The sequence applied to the store.</summary>
    public long Cursor;

    /// <summary>How far behind the sequence the store was at the last read (0 once applied).</summary>
    public long Lag;

    /// <summary>The epoch the cursor belongs to.</summary>
    public volatile string Epoch = "";

    /// <summary>Creates the epoch if missing; returns the current one.</summary>
    public async Task<string> EnsureEpochAsync(IDatabaseAsync db) =>
        (string)(await db.ScriptEvaluateAsync(RedisScripts.Epoch, [Keys.Epoch], [Guid.NewGuid().ToString("N")]).ConfigureAwait(false))!;

    /// <summary>
    /// Writes <paramref name="batch"/> in one script; returns its sequence, or null if the epoch changed (nothing
    /// written). Under the store's <see cref="LiveLink.MaxCount"/>, a batch that would add items beyond it writes nothing
    /// and throws a <see cref="StoreException"/> naming the limit and the keys it would add.
    /// </summary>
    public Task<long?> WriteAsync(IDatabaseAsync db, LiveBatch batch) => SendAsync(db, Prepare(batch));

    /// <summary>
    /// Encodes <paramref name="batch"/> as the write script's keys and arguments (under the current epoch). Members are
    /// UTF-8 bytes, each used as is for the item's key (after the store's prefix, not copied) and its argument; every
    /// payload is written into one reused buffer and the batch takes one copy of it, each row's argument a slice.
    /// </summary>
    public PreparedWrite Prepare(LiveBatch batch)
    {
        int? max = Link.MaxCount;
        var keys = new RedisKey[5 + batch.Count];
        var args = new RedisValue[Fixed + batch.Count * 4 + (max is null ? 0 : 1)];
        (keys[0], keys[1], keys[2], keys[3], keys[4]) = (Keys.Sequence, Keys.Log, Keys.Expiry, Keys.Dead, Keys.Epoch);
        (args[0], args[1], args[2], args[3]) = (Epoch, Keys.Channel.ToString(), Keys.Publish, Origin);
        _buffer.ResetWrittenCount();
        _payloadEnds.Clear();
        for (int row = 0; row < batch.Count; row++)
        {
            byte[] member = _encoder.EncodeUtf8(batch, row);
            keys[5 + row] = Keys.Item(member);
            int a = Fixed + row * 4;
            bool deleted = batch.IsDeleted(row);
            args[a] = member;
            args[a + 1] = deleted ? Deleted : Upserted;
            long expires = batch.ExpiresAt(row);
            args[a + 3] = expires == long.MaxValue || deleted ? RedisValue.EmptyString : ToUnixMs(expires);
            WritePayload(batch, row);
            _payloadEnds.Add(_buffer.WrittenCount);
        }
        var payloads = _buffer.WrittenMemory.ToArray();
        for (int row = 0, start = 0; row < batch.Count; start = _payloadEnds[row++])
        {
            args[Fixed + row * 4 + 2] = payloads.AsMemory(start, _payloadEnds[row] - start);
        }
        if (max is { } limit)
        {
            args[^1] = limit;
        }
        return new PreparedWrite(batch, keys, args, max);
    }

    /// <summary>The write script's arguments before the rows: epoch, channel, publish command, origin.</summary>
    private const int Fixed = 4;

    /// <summary>Runs the write script for <paramref name="write"/> (see <see cref="WriteAsync"/>).</summary>
    public async Task<long?> SendAsync(IDatabaseAsync db, PreparedWrite write)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(write.Max is null ? RedisScripts.Write : RedisScripts.WriteLimited, write.Keys, write.Args).ConfigureAwait(false))!;
        return (int)result[0] switch
        {
            1 => (long)result[1],
            2 => throw Refusal(write.Batch, (long)result[1], write.Max!.Value, result.Skip(2).Select(row => (int)row - 1)),
            _ => null,
        };
    }

    private StoreException Refusal(LiveBatch batch, long count, int max, IEnumerable<int> added)
    {
        var keys = added.Select(row => KeyValueWriter.Of(batch, row)).ToList();
        object?[] named = keys.Count == 1 ? keys[0] : keys.Take(10).Select(key => (object?)StoreException.FormatKeys(key))
            .Concat(keys.Count > 10 ? [$"and {keys.Count - 10} more"] : []).ToArray();
        return new StoreException(StoreName, "WriteBehind", named,
            $"redis {Keys.Prefix} holds {count} items and the store's MaxCount is {max}: Redis refused this transaction, which adds " +
            $"{keys.Count} (another replica filled the store first); nothing of it was written, and this replica undid it");
    }

    /// <summary>
    /// What Redis holds now for each row of <paramref name="batch"/>, as remote rows: the item, or — for a key Redis
    /// does not hold — a delete of the row's item (so the store drops what Redis refused).
    /// </summary>
    public async Task<List<RemoteRow>> CurrentAsync(IDatabaseAsync db, LiveBatch batch)
    {
        var members = Enumerable.Range(0, batch.Count).Select(row => _encoder.Encode(batch, row)).ToArray();
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Items, members.Select(Keys.Item).ToArray()).ConfigureAwait(false))!;
        var rows = new List<RemoteRow>(batch.Count);
        for (int row = 0; row < batch.Count; row++)
        {
            string payload = (string)result[2 * row]!;
            bool held = payload.Length > 0 && (string?)result[2 * row + 1] != "1";
            rows.Add(new RemoteRow(!held, held ? payload : System.Text.Encoding.UTF8.GetString(Payload(batch, row).Span), [members[row]]));
        }
        return rows;
    }

    /// <summary>
    /// Writes the one row of <paramref name="write"/> if the item's version is <paramref name="expectedVersion"/>;
    /// returns the outcome, or null if the epoch changed (nothing written).
    /// </summary>
    public async Task<LiveConditionalResult?> WriteIfVersionAsync(IDatabaseAsync db, LiveBatch write, long expectedVersion)
    {
        // It runs on its caller's thread while write-behind may be encoding a batch: it has an encoder and a buffer of
        // its own (sharing the replica's would mix the two batches' keys and payloads).
        string member = new RedisKeyEncoder().Encode(write, 0);
        long expires = write.ExpiresAt(0);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.WriteIfVersion,
            [Keys.Sequence, Keys.Log, Keys.Expiry, Keys.Dead, Keys.Epoch, Keys.Item(member)],
            [Epoch, Keys.Channel.ToString(), expectedVersion, member, write.IsDeleted(0) ? Deleted : Upserted, write.IsDeleted(0) ? RedisValue.EmptyString : OwnPayload(write),
                expires == long.MaxValue ? RedisValue.EmptyString : ToUnixMs(expires), Keys.Publish]).ConfigureAwait(false))!;
        return (int)result[0] switch
        {
            1 => LiveConditionalResult.Written((long)result[1], (string)result[2]!),
            2 => LiveConditionalResult.Conflict((long)result[1]),
            _ => null,
        };
    }

    /// <summary>Row <paramref name="row"/>'s JSON alone (valid until the buffer is used again).</summary>
    private ReadOnlyMemory<byte> Payload(LiveBatch batch, int row)
    {
        _buffer.ResetWrittenCount();
        WritePayload(batch, row);
        return _buffer.WrittenMemory;
    }

    /// <summary>The JSON of a one-row batch, encoded without the replica's shared buffer.</summary>
    private static byte[] OwnPayload(LiveBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            batch.WriteItem(0, writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends row <paramref name="row"/>'s JSON to the buffer.</summary>
    private void WritePayload(LiveBatch batch, int row)
    {
        _writer.Reset(_buffer);   // one writer for every row: a payload is encoded many thousand times a second
        batch.WriteItem(row, _writer);
        _writer.Flush();
    }

    private static long ToUnixMs(long utcTicks) =>
        utcTicks <= DateTimeOffset.MinValue.UtcTicks ? 0 : (utcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    /// <summary>One page of the change log after <paramref name="cursor"/>.</summary>
    public async Task<LogPage> ReadAsync(IDatabaseAsync db, long cursor)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Read, [Keys.Sequence, Keys.Log, Keys.Epoch, Keys.Horizon],
            [cursor, _options.PageSize, Keys.ItemPrefix]).ConfigureAwait(false))!;
        var rows = new List<(string Member, RemoteRow? Row)>();
        long last = cursor;
        for (int n = 3; n + 3 < result.Length; n += 4)
        {
            string member = (string)result[n]!;
            last = (long)result[n + 1];
            string payload = (string)result[n + 2]!;
            // An item Redis already expired (payload gone) is not applied: the replicas expire it by its own [ExpiresAt].
            rows.Add((member, payload.Length == 0 ? null : new RemoteRow((string?)result[n + 3] == "1", payload, [member], last)));
        }
        long sequence = (long)result[0];
        bool full = rows.Count >= _options.PageSize;
        return new LogPage(sequence, (string)result[1]!, (long)result[2], rows, full ? last : sequence, full);
    }

    /// <summary>Runs the sweeper's script once; returns how many index entries expired and how many tombstones were purged.</summary>
    public async Task<(int Expired, int Purged)> SweepAsync(IDatabaseAsync db, DateTimeOffset now)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Sweep, [Keys.Sequence, Keys.Log, Keys.Expiry, Keys.Dead, Keys.Horizon],
            [now.ToUnixTimeMilliseconds(), _options.PageSize, Keys.ItemPrefix, Keys.Channel.ToString(), _options.TombstoneRetention, Keys.Publish]).ConfigureAwait(false))!;
        return ((int)result[0], (int)result[1]);
    }
}

/// <summary>A batch encoded for the write script: its item keys (after the five fixed ones) and arguments.</summary>
internal sealed record PreparedWrite(LiveBatch Batch, RedisKey[] Keys, RedisValue[] Args, int? Max)
{
    private HashSet<RedisKey>? _items;

    /// <summary>Whether the two batches write an item in common (this batch's item set is built once, when first asked).</summary>
    public bool Overlaps(PreparedWrite other)
    {
        _items ??= new HashSet<RedisKey>(Keys.Skip(5));
        for (int n = 5; n < other.Keys.Length; n++)
        {
            if (_items.Contains(other.Keys[n]))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>A page of the change log: the sequence, epoch and horizon when it was read, and the entries after the cursor.</summary>
internal sealed record LogPage(long Sequence, string Epoch, long Horizon, List<(string Member, RemoteRow? Row)> Rows, long UpTo, bool Full);
