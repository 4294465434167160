using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using StoreGen.Live;

namespace StoreGen.Redis;

/// <summary>
/// The <c>redis</c> live backend. At startup it creates each store's epoch, attaches and loads every store from its
/// change log. Then, per store, a write-behind loop writes local changes (one Lua script per batch: items, expiry
/// index, change log and sequence together), and one follower loop reads the change log after its cursor when another
/// replica's hint arrives (PUBLISH, or SPUBLISH on a cluster), on a timer and after every reconnect (pub/sub loses what
/// was sent while disconnected). A replica does not read its own batches back: acknowledging one moves its cursor on
/// when nothing came between. A
/// cursor from another epoch, below the purged horizon or above the sequence reloads the store (a reset). One
/// replica at a time sweeps expired index entries.
/// </summary>
public sealed class RedisLiveBackend : ILiveBackend, ILiveBackendStatus, ILiveConditionalWriter
{
    private readonly RedisOptions _options;
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = new();
    private readonly List<RedisReplica> _replicas = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _sweeperToken = Guid.NewGuid().ToString("N");
    private readonly string _origin = Guid.NewGuid().ToString("N");   // what this replica's hints carry
    private ConnectionMultiplexer? _connection;
    private readonly LiveRetry _retry;
    private readonly RedisMetrics _metrics;
    private readonly TimeProvider _clock;
    private long _lastSyncedTicks = -1;
    private int _resets;
    private int _refusals;
    private int _disposed;

    /// <summary>
    /// Creates the backend; nothing is opened until <see cref="StartAsync"/>. <paramref name="meterFactory"/> creates its
    /// meter (<c>StoreGen.Redis</c>); <paramref name="timeProvider"/> stamps <see cref="LastSyncedAt"/> (the host's, so the
    /// health check measures lag on the same clock).
    /// </summary>
    public RedisLiveBackend(RedisOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _configuration = (options.Configuration ?? throw new ArgumentException("RedisOptions.Configuration is required", nameof(options))).Clone();
        _configuration.AbortOnConnectFail = false;
        _configuration.Protocol = options.Protocol;
        Location = $"redis {string.Join(",", _configuration.EndPoints)}/{_configuration.DefaultDatabase ?? 0} namespace \"{options.Namespace}\"";
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("StoreGen.Redis");
        _clock = timeProvider ?? TimeProvider.System;
        _metrics = new RedisMetrics(meterFactory, () => _replicas.Select(replica => (replica.StoreName, replica.Link.QueueDepth, Interlocked.Read(ref replica.Lag))));
        _retry = new LiveRetry(options.RetryDelay, options.MaxRetryDelay, IsTransient, _logger, Location, failed: _metrics.Error);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The last error met while writing, reading or sweeping (null once it recovered).</summary>
    public Exception? LastError => _retry.LastError;

    /// <inheritdoc />
    public DateTimeOffset? LastSyncedAt => Interlocked.Read(ref _lastSyncedTicks) is var ticks and >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <inheritdoc />
    public async Task<Exception?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is { IsConnected: true } connection)
            {
                await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
            // Not connected (not started yet, or the connection is down): ask Redis on a connection of its own.
            var probe = _configuration.Clone();
            probe.AbortOnConnectFail = true;
            await using var probing = await ConnectionMultiplexer.ConnectAsync(probe).WaitAsync(cancellationToken).ConfigureAwait(false);
            await probing.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsTransient(error))
        {
            return error;
        }
    }

    /// <summary>How many times a store was reloaded (another epoch, or a cursor outside the change log).</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>How many local transactions Redis refused (MaxCount across replicas) and this replica undid.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Local changes not yet written, over all stores.</summary>
    public int QueueDepth => _replicas.Sum(replica => replica.Link.QueueDepth);

    /// <summary>Each store's cursor: the sequence it has applied.</summary>
    public IReadOnlyDictionary<string, long> Cursors => _replicas.ToDictionary(replica => replica.StoreName, replica => Interlocked.Read(ref replica.Cursor));

    /// <summary>The connection (for diagnostics and tests).</summary>
    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("the Redis backend is not started");

    private IDatabase Db => Connection.GetDatabase();

    /// <inheritdoc />
    public async Task StartAsync(IReadOnlyList<ILiveStore> stores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _connection = await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
        _connection.ConnectionRestored += (_, _) => Wake();
        // On a cluster, hints use sharded pub/sub: they stay on the shard owning the store's slot instead of reaching every node.
        bool sharded = _connection.GetServers().Any(server => server.ServerType == ServerType.Cluster);
        foreach (var store in stores)
        {
            _replicas.Add(new RedisReplica(store, _options, this, sharded, _origin));
        }
        foreach (var replica in _replicas)
        {
            await _retry.RunAsync("subscribe to " + replica.Keys.Channel, _ => _connection.GetSubscriber().SubscribeAsync(replica.Keys.Channel, (_, hint) => OnHint(hint)), cancellationToken).ConfigureAwait(false);
            await _retry.RunAsync("load " + replica.Keys.Prefix, _ => ResetAsync(replica, counted: false), cancellationToken).ConfigureAwait(false);
            _loops.Add(Task.Run(() => WriteBehindAsync(replica, _stopping.Token), CancellationToken.None));
        }
        _loops.Add(Task.Run(() => FollowAsync(_stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(() => SweepLoopAsync(_stopping.Token), CancellationToken.None));
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_replicas.Select(replica => replica.Link.WhenAllDurableAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("StoreGen: stopped with {Count} changes not yet written to {Location}", QueueDepth, Location);
        }
        catch (StoreException refused)
        {
            _logger.LogWarning("StoreGen: stopped after writing what was queued; Redis refused some of it: {Message}", refused.Message);
        }
        await StopLoopsAsync().ConfigureAwait(false);
    }

    private async Task StopLoopsAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        await Task.WhenAll(_loops.Select(loop => loop.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopLoopsAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
        _metrics.Dispose();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// A change hint (<c>&lt;seq&gt; &lt;origin&gt;</c>) wakes the follower, unless this replica wrote the change: its
    /// changes are in its store already, and acknowledging them moved the cursor on (<see cref="Advance"/>).
    /// </summary>
    private void OnHint(RedisValue hint)
    {
        if (!((string?)hint is { } text && text.EndsWith(_origin, StringComparison.Ordinal)))
        {
            Wake();
        }
    }

    /// <summary>
    /// This replica's batch committed at <paramref name="sequence"/>, under <paramref name="epoch"/>. If the store has
    /// applied the change log up to just before it, it now holds everything up to it (the batch's changes are its own), so
    /// the cursor moves on without reading them back; otherwise (another writer or the sweeper came between, or a poll
    /// is running) the follower reads the change log.
    /// </summary>
    private void Advance(RedisReplica replica, long sequence, RedisValue epoch)
    {
        if (replica.Gate.Wait(0))
        {
            try
            {
                if (epoch == replica.Epoch && Interlocked.Read(ref replica.Cursor) == sequence - 1)
                {
                    replica.Link.ApplyRemote(Array.Empty<RemoteRow>(), replica.Keys.Source, sequence);   // settles the batch
                    Interlocked.Exchange(ref replica.Cursor, sequence);
                    return;
                }
            }
            finally
            {
                replica.Gate.Release();
            }
        }
        Wake();
    }

    /// <summary>
    /// Writes the store's local changes, batch by batch, several scripts in flight; a failed batch is retried with backoff,
    /// never dropped. A batch Redis refuses (MaxCount) is read again transaction by transaction, and the transaction
    /// refused alone is undone.
    /// </summary>
    private async Task WriteBehindAsync(RedisReplica replica, CancellationToken cancellationToken)
    {
        int size = _options.BatchSize;
        while (!cancellationToken.IsCancellationRequested)
        {
            await replica.Link.ReadLocalAsync(size, cancellationToken).ConfigureAwait(false);   // waits until something is queued
            try
            {
                // Every error but a refusal is retried (and reported as the last error): one write-behind does not
                // expect, a bug included, must not end the loop and leave later writes queued for ever.
                await _retry.RunAsync("write to " + replica.Keys.Prefix, (succeeded, ct) => WriteQueuedAsync(replica, size, succeeded, ct), cancellationToken,
                    retryWhen: static error => error is not StoreException).ConfigureAwait(false);
            }
            catch (StoreException refusal) when (size > 1)
            {
                _logger.LogDebug(refusal, "StoreGen: a batch of {Store} was refused; writing it transaction by transaction", replica.StoreName);
                size = 1;
                continue;
            }
            catch (StoreException refusal)
            {
                await UndoAsync(replica, await replica.Link.ReadLocalAsync(1, cancellationToken).ConfigureAwait(false), refusal, cancellationToken).ConfigureAwait(false);
            }
            size = _options.BatchSize;
        }
    }

    /// <summary>
    /// Writes what is queued with up to <see cref="RedisOptions.ScriptsInFlight"/> scripts in flight (in order on the one
    /// connection): while the oldest batch's script runs, the next batches are encoded and sent, so Redis has the next
    /// script at hand when one ends even if this process is held up; each is acknowledged in order. A batch that shares an item with
    /// the one in flight waits until that one committed, so a retried script never lands after a later one for the same
    /// item. Returns when nothing is left; a failure throws, and the retry starts again from the oldest batch not
    /// acknowledged, sending everything after it again.
    /// </summary>
    private async Task WriteQueuedAsync(RedisReplica replica, int size, Action succeeded, CancellationToken cancellationToken)
    {
        int depth = _options.ScriptsInFlight;
        var inFlight = new Queue<(PreparedWrite Write, Task<long?> Sending)>(depth);
        var next = replica.Prepare(await replica.Link.ReadLocalAsync(size, cancellationToken).ConfigureAwait(false));
        try
        {
            while (next is not null || inFlight.Count > 0)
            {
                while (next is not null && inFlight.Count < depth && !inFlight.Any(sent => sent.Write.Overlaps(next)))
                {
                    inFlight.Enqueue((next, replica.SendAsync(Db, next)));
                    next = size > 1 && replica.Link.ReadLocalAfter(next.Batch, size) is { } after ? replica.Prepare(after) : null;
                }
                var (write, sending) = inFlight.Dequeue();
                await CommitAsync(replica, write, sending, succeeded).ConfigureAwait(false);
            }
        }
        catch when (inFlight.Count > 0)
        {
            await Task.WhenAll(inFlight.Select(sent => sent.Sending)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);   // settled; re-sent by the retry
            throw;
        }
    }

    /// <summary>Awaits one batch's script and acknowledges it; under another epoch, reloads and writes it again.</summary>
    private async Task CommitAsync(RedisReplica replica, PreparedWrite write, Task<long?> sending, Action succeeded)
    {
        long? sequence = await sending.ConfigureAwait(false);
        while (sequence is null)
        {
            if (write.Args[0] == replica.Epoch)
            {
                await ResetAsync(replica, counted: true).ConfigureAwait(false);   // the data was lost or replaced: reload, then write again
            }
            write = replica.Prepare(write.Batch);   // under the epoch the first batch's reset found
            sequence = await replica.SendAsync(Db, write).ConfigureAwait(false);
        }
        succeeded();                         // the last error clears, and the batch is counted, before the acknowledgement:
        _metrics.Batch(replica.StoreName);   // whoever awaited durability sees both
        replica.Link.Acknowledge(write.Batch, sequence.Value);
        Advance(replica, sequence.Value, write.Args[0]);
    }

    /// <summary>
    /// Redis refused <paramref name="batch"/>, one local transaction: its durability waits throw
    /// <paramref name="refusal"/>, and its keys go back to what Redis holds (an item Redis does not hold is removed).
    /// </summary>
    private async Task UndoAsync(RedisReplica replica, LiveBatch batch, StoreException refusal, CancellationToken cancellationToken)
    {
        _logger.LogWarning("StoreGen: {Message}", refusal.Message);
        Interlocked.Increment(ref _refusals);
        _metrics.Refusal(replica.StoreName);
        replica.Link.Reject(batch, refusal);
        await _retry.RunAsync("undo a refused transaction of " + replica.Keys.Prefix, async _ =>
        {
            await replica.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Read under the gate: a poll applying a newer state of these keys cannot run in between.
                var rows = await replica.CurrentAsync(Db, batch).ConfigureAwait(false);
                replica.Link.ApplyRemote(rows, replica.Keys.Source, Interlocked.Read(ref replica.Cursor));
            }
            finally
            {
                replica.Gate.Release();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the change log on a hint, on the poll interval and after every reconnect.</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _retry.RunAsync("reading the change log", SyncAsync, cancellationToken).ConfigureAwait(false);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(_options.PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the poll interval passed without a hint
            }
        }
    }

    /// <inheritdoc />
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var started = _clock.GetUtcNow();
        foreach (var replica in _replicas)
        {
            await replica.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await PollAsync(replica).ConfigureAwait(false);
            }
            finally
            {
                replica.Gate.Release();
            }
        }
        Interlocked.Exchange(ref _lastSyncedTicks, started.UtcTicks);
    }

    /// <summary>Applies the change log after the cursor, page by page; resets when the cursor does not belong to it.</summary>
    private async Task PollAsync(RedisReplica replica)
    {
        while (true)
        {
            long cursor = Interlocked.Read(ref replica.Cursor);
            var page = await replica.ReadAsync(Db, cursor).ConfigureAwait(false);
            replica.Lag = page.Sequence - cursor;
            if (page.Epoch != replica.Epoch || cursor < page.Horizon || cursor > page.Sequence)
            {
                _logger.LogInformation("StoreGen: store {Store} at cursor {Cursor} of epoch {Epoch} does not fit {Location} (epoch '{Current}', horizon {Horizon}, sequence {Sequence}); reloading",
                    replica.StoreName, cursor, replica.Epoch, Location, page.Epoch, page.Horizon, page.Sequence);
                await ResetCoreAsync(replica, counted: true).ConfigureAwait(false);
                return;
            }
            if (page.Sequence == cursor)
            {
                replica.Link.ApplyRemote(Array.Empty<RemoteRow>(), replica.Keys.Source, cursor);   // settles what was acknowledged since
                return;
            }
            replica.Link.ApplyRemote(Rows(page.Rows.Select(entry => entry.Row)), replica.Keys.Source, page.UpTo);
            Interlocked.Exchange(ref replica.Cursor, page.UpTo);
            if (!page.Full)
            {
                replica.Lag = 0;
                return;
            }
        }
    }

    private async Task ResetAsync(RedisReplica replica, bool counted)
    {
        await replica.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await ResetCoreAsync(replica, counted).ConfigureAwait(false);
        }
        finally
        {
            replica.Gate.Release();
        }
    }

    /// <summary>Loads the whole store (a start or a reset) under the current epoch, creating it if the data is new or was lost.</summary>
    private async Task ResetCoreAsync(RedisReplica replica, bool counted)
    {
        while (true)
        {
            string epoch = await replica.EnsureEpochAsync(Db).ConfigureAwait(false);
            var items = new Dictionary<string, RemoteRow?>(StringComparer.Ordinal);
            long cursor = 0;
            LogPage page;
            do
            {
                page = await replica.ReadAsync(Db, cursor).ConfigureAwait(false);
                foreach (var (member, row) in page.Rows)
                {
                    items[member] = row;
                }
                cursor = page.UpTo;
            }
            while (page.Full && page.Epoch == epoch);
            if (page.Epoch != epoch)
            {
                continue;   // replaced while loading: load again
            }
            // Local writes acknowledged under another epoch were lost with it: their keys no longer wait for that
            // epoch's sequence (which restarted), so the store takes what Redis holds now.
            bool newEpoch = replica.Epoch.Length > 0 && replica.Epoch != epoch;
            replica.Link.ReplaceFromRemote(Rows(items.Values), replica.Keys.Source, newEpoch ? long.MaxValue : cursor);
            replica.Epoch = epoch;
            Interlocked.Exchange(ref replica.Cursor, cursor);
            if (counted)
            {
                Interlocked.Increment(ref _resets);
                _metrics.Reset(replica.StoreName);
            }
            return;
        }
    }

    private static List<RemoteRow> Rows(IEnumerable<RemoteRow?> rows) => rows.Where(row => row is not null).Select(row => row!.Value).ToList();

    /// <summary>Every sweep interval (with jitter), sweeps the stores whose sweeper lease this replica wins.</summary>
    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var jitter = _options.SweepInterval * (0.8 + Random.Shared.NextDouble() * 0.4);
            await Task.Delay(jitter, cancellationToken).ConfigureAwait(false);
            try
            {
                await SweepAsync(force: false).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsTransient(error))
            {
                _retry.Failed(error);
                _logger.LogWarning(error, "StoreGen: sweeping {Location} failed", Location);
            }
        }
    }

    /// <summary>
    /// Sweeps every store now: expired index entries are removed and their deletion recorded in the change log;
    /// tombstones beyond the retention are purged. Without <paramref name="force"/>, only stores whose sweeper lease
    /// (<c>SET NX PX</c>) this replica takes. Returns how many entries expired.
    /// </summary>
    public async Task<int> SweepAsync(bool force = true)
    {
        int expired = 0;
        foreach (var replica in _replicas)
        {
            if (force || await Db.StringSetAsync(replica.Keys.Sweep, _sweeperToken, _options.SweepInterval * 0.8, When.NotExists).ConfigureAwait(false))
            {
                expired += (await replica.SweepAsync(Db, DateTimeOffset.UtcNow).ConfigureAwait(false)).Expired;
            }
        }
        return expired;
    }

    /// <inheritdoc />
    public async Task<LiveConditionalResult> WriteIfVersionAsync(LiveLink link, LiveBatch write, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var replica = _replicas.Find(replica => replica.Link.StoreName == link?.StoreName)
            ?? throw new ArgumentException($"store '{link?.StoreName}' is not kept by {Location}", nameof(link));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await replica.WriteIfVersionAsync(Db, write, expectedVersion).ConfigureAwait(false) is { } result)
            {
                return result;
            }
            await ResetAsync(replica, counted: true).ConfigureAwait(false);   // the data was lost or replaced: compare against what Redis holds now
        }
    }

    private static bool IsTransient(Exception error) =>
        error is RedisConnectionException or RedisTimeoutException or System.IO.IOException or ObjectDisposedException
        || (error is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal) || server.Message.StartsWith("READONLY", StringComparison.Ordinal) || server.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal)));
}
