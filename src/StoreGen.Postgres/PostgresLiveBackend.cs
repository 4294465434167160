using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StoreGen.Live;

namespace StoreGen.Postgres;

/// <summary>
/// The <c>postgres</c> live backend. At startup it creates the tables under an advisory lock, attaches every store and
/// loads it (binary COPY). Then, per store, a write-behind loop commits local changes (one transaction per batch, one
/// unnest upsert, one NOTIFY), and one listener loop on a dedicated, unpooled connection wakes on NOTIFY, on a
/// timer and after every reconnect, and polls <c>sg_version &gt; cursor</c> for every store.
/// </summary>
public sealed class PostgresLiveBackend : ILiveBackend, ILiveBackendStatus, ILiveConditionalWriter
{
    private readonly PostgresOptions _options;
    private readonly NpgsqlDataSource _source;
    private readonly string _listenConnectionString;
    private readonly string _channel;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = new();
    private readonly List<Replica> _replicas = new();
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private string _versionsQuery = "";
    private string[] _storeNames = Array.Empty<string>();
    private readonly LiveRetry _retry;
    private volatile StoreException? _lastRefused;
    private volatile bool _listening;
    private DateTimeOffset? _lastPurge;
    private readonly PostgresMetrics _metrics;
    private int _resets;
    private int _disposed;
    private readonly TimeProvider _clock;
    private long _lastSyncedTicks = -1;
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Creates the backend; nothing is opened until <see cref="StartAsync"/>. <paramref name="timeProvider"/> stamps
    /// <see cref="LastSyncedAt"/> (the host's, so the health check measures lag on the same clock).
    /// </summary>
    public PostgresLiveBackend(PostgresOptions options, ILoggerFactory? loggerFactory = null, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = timeProvider ?? TimeProvider.System;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Location = $"postgres {builder.Host}:{builder.Port}/{builder.Database} schema \"{options.Schema}\"";
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        // The listener's connection: never pooled (a pooled connection would lose its LISTEN), with TCP keepalive so
        // a dead peer is noticed.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString;
        _channel = "storegen:" + options.Schema;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("StoreGen.Postgres");
        _metrics = new PostgresMetrics(meterFactory, () => _replicas.Select(replica => (replica.Table.StoreName, replica.Link.QueueDepth, replica.Lag)));
        _retry = new LiveRetry(options.RetryDelay, options.MaxRetryDelay, PostgresErrors.IsTransient, _logger, Location, _metrics.Error);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The last error met while writing, listening or polling (null after none, or once it recovered).</summary>
    public Exception? LastError => _retry.LastError;

    /// <inheritdoc />
    public DateTimeOffset? LastSyncedAt => Interlocked.Read(ref _lastSyncedTicks) is var ticks and >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <inheritdoc />
    public async Task<Exception?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _source.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && PostgresErrors.IsTransient(error))
        {
            return error;
        }
    }

    /// <summary>
    /// The last transaction PostgreSQL refused for good and that was set aside (naming the store, the keys and
    /// PostgreSQL's reason); null if none was. Unlike <see cref="LastError"/> it stays after later writes succeed.
    /// </summary>
    public StoreException? LastRefused => _lastRefused;

    /// <summary>Whether the listener's connection is up and LISTENing.</summary>
    public bool Listening => _listening;

    /// <summary>How many times a store was reloaded because its cursor fell below the tombstone horizon.</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>Local changes not yet committed, over all stores.</summary>
    public int QueueDepth => _replicas.Sum(replica => replica.Link.QueueDepth);

    /// <summary>Each store's cursor: the database version it has applied.</summary>
    public IReadOnlyDictionary<string, long> Cursors => _replicas.ToDictionary(replica => replica.Table.StoreName, replica => Interlocked.Read(ref replica.Cursor));

    /// <inheritdoc />
    public async Task StartAsync(IReadOnlyList<ILiveStore> stores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        foreach (var store in stores)
        {
            var table = new PostgresTable(_options.Schema, store, _channel);
            var link = store.AttachLive(new LiveLinkOptions
            {
                QueueCapacity = _options.QueueCapacity,
                Target = "postgres table " + table.Table,
                ConditionalWriter = this,
                CheckTextKey = PostgresColumns.CheckText,
            });
            _replicas.Add(new Replica(table, link));
        }
        _storeNames = _replicas.Select(replica => replica.Table.StoreName).ToArray();
        _versionsQuery = $"SELECT store, version FROM {Sql.Quote(_options.Schema)}.\"storegen_versions\" WHERE store = ANY($1)";
        await _retry.RunAsync("create tables", CreateTablesAsync, cancellationToken).ConfigureAwait(false);
        foreach (var replica in _replicas)
        {
            await _retry.RunAsync("load " + replica.Table.Table, ct => LoadAsync(replica, ct), cancellationToken).ConfigureAwait(false);
            _loops.Add(Task.Run(() => WriteBehindAsync(replica, _stopping.Token), CancellationToken.None));
        }
        _loops.Add(Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None));
        await _firstListen.Task.WaitAsync(cancellationToken).ConfigureAwait(false);   // started: listening, and caught up once
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
            _logger.LogWarning("StoreGen: stopped with {Count} changes not yet committed to {Location}", QueueDepth, Location);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops.Select(loop => loop.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }
        await _source.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _stopping.Dispose();
        _pollGate.Dispose();
    }

    /// <summary>Creates the schema, the counter table and every store's table, once, under a transaction-scoped advisory lock.</summary>
    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("storegen:" + _options.Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        string schema = Sql.Quote(_options.Schema);
        string ddl =
            $"CREATE SCHEMA IF NOT EXISTS {schema};\n" +
            $"CREATE TABLE IF NOT EXISTS {schema}.\"storegen_versions\" (store text PRIMARY KEY, version bigint NOT NULL, horizon bigint NOT NULL);\n" +
            string.Join("\n", _replicas.Select(replica => replica.Table.Create));
        await using (var create = new NpgsqlCommand(ddl, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var replica in _replicas)
        {
            await replica.Table.CheckKeyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads (or reloads, on a reset) every live row and the version it is consistent with.</summary>
    private async Task LoadAsync(Replica replica, CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(replica, withKeys: false, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            // a row that cannot be read (nothing was applied): load again with the key columns, so the error names it
            await LoadAsync(replica, withKeys: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads every live row, without the key columns (the items hold their keys) unless <paramref name="withKeys"/>.</summary>
    private async Task LoadAsync(Replica replica, bool withKeys, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var (version, _) = await replica.Table.VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var load = replica.Link.BeginReplace(replica.Table.Table);   // decodes while the rows are being read
        await replica.Table.LoadAsync(connection, withKeys, load, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        load.Complete(version);
        Interlocked.Exchange(ref replica.Cursor, version);
    }

    /// <summary>
    /// Commits the store's local changes, batch by batch; a batch that failed for a transient reason is retried with
    /// backoff, never dropped. When PostgreSQL refuses a batch for good, the transactions in it are written one at a
    /// time to find the one refused, which is set aside (<see cref="RejectAsync"/>) so the later ones go on.
    /// </summary>
    private async Task WriteBehindAsync(Replica replica, CancellationToken cancellationToken)
    {
        long oneByOneThrough = 0;   // after a refusal: write single transactions up to this local version
        while (!cancellationToken.IsCancellationRequested)
        {
            bool single = oneByOneThrough > 0;
            var batch = await replica.Link.ReadLocalAsync(single ? 1 : _options.BatchSize, cancellationToken).ConfigureAwait(false);
            EncodedBatch? rows = null;   // encoded by the first attempt that gets that far, then sent as it is on every retry
            try
            {
                long committed = 0;
                // Every error but a permanent refusal is retried (and reported as the last error): one write-behind
                // does not expect, a bug included, must not end the loop and leave later writes queued for ever.
                await _retry.RunAsync("write to " + replica.Table.Table, async (_, ct) =>
                {
                    rows ??= replica.Table.Encode(batch);
                    committed = await replica.Table.WriteAsync(_source, rows, ct).ConfigureAwait(false);
                }, cancellationToken, retryWhen: error => error is not PostgresException refused || !PostgresErrors.IsPermanent(refused)).ConfigureAwait(false);
                replica.Link.Acknowledge(batch, committed);
            }
            catch (PostgresException error) when (PostgresErrors.IsPermanent(error) && !single)
            {
                oneByOneThrough = batch.LastVersion;
                continue;
            }
            catch (PostgresException error) when (PostgresErrors.IsPermanent(error))
            {
                await RejectAsync(replica, batch, rows!, error, cancellationToken).ConfigureAwait(false);
            }
            if (batch.LastVersion >= oneByOneThrough)
            {
                oneByOneThrough = 0;
            }
        }
    }

    /// <summary>
    /// Sets aside a transaction PostgreSQL refused for good: logs it and keeps it as the last error (naming the store,
    /// the keys and PostgreSQL's reason), fails its durability waiters, and brings its keys back to what the table
    /// holds (a key it does not hold is removed) — under the poll gate, so no poll interleaves.
    /// </summary>
    private async Task RejectAsync(Replica replica, LiveBatch batch, EncodedBatch rows, PostgresException error, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, batch.Count).Select(row => (object?)string.Join("/", rows.KeyOf(row))).ToArray();
        var refused = new StoreException(replica.Table.StoreName, "write-behind", keys,
            $"{replica.Table.Table} refused the transaction for good ({error.SqlState}: {error.MessageText}); it was set aside, its keys now hold what the table holds, and later writes go on", error);
        _retry.Failed(refused);
        _lastRefused = refused;
        _logger.LogError(refused, "StoreGen: a transaction of store {Store} was refused by {Location} and set aside", replica.Table.StoreName, Location);
        await _pollGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Catch up first: the store's own earlier commits to these keys settle, so the keys are free once the
            // refused transaction leaves the queue, and what is read back below is applied.
            await _retry.RunAsync("poll " + replica.Table.Table, ct => PollAsync(replica, ct), cancellationToken).ConfigureAwait(false);
            replica.Link.Reject(batch, refused);
            long cursor = Interlocked.Read(ref replica.Cursor);
            List<RemoteRow> current = null!;
            try
            {
                await _retry.RunAsync("read back the keys of " + replica.Table.Table, async ct => current = await replica.Table.ReadKeysAsync(_source, rows, cursor, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException unreadable) when (PostgresErrors.IsPermanent(unreadable))
            {
                current = PostgresTable.NotHeld(rows, Enumerable.Range(0, rows.Items.Length), cursor);   // keys PostgreSQL cannot even compare are not in the table
            }
            replica.Link.ApplyRemote(current, replica.Table.Table, cursor);
        }
        finally
        {
            _pollGate.Release();
        }
    }

    /// <summary>LISTEN, then poll, then wait for a notification or the poll interval; on any failure reconnect with backoff.</summary>
    private Task ListenAsync(CancellationToken cancellationToken) =>
        _retry.RunAsync("listening", ListenOnceAsync, cancellationToken, retryWhen: static _ => true);

    /// <summary>
    /// One connection's life: LISTEN, then poll every store; then, after each notification, poll the stores it names
    /// whose version passed their cursor, and every store again at least once a poll interval — until the connection
    /// fails.
    /// </summary>
    private async Task ListenOnceAsync(Action succeeded, CancellationToken cancellationToken)
    {
        var notifications = new Notifications();
        try
        {
            await using var connection = _options.Listen ? new NpgsqlConnection(_listenConnectionString) : null;
            if (connection is not null)
            {
                connection.Notification += notifications.Add;
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var listen = new NpgsqlCommand("LISTEN " + Sql.Quote(_channel), connection);
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _listening = true;
            }
            bool notified = false;
            long everyStoreAt = 0;
            while (true)
            {
                // every store after a (re)connect, a timeout, and once a poll interval even while notifications keep
                // coming (a lost one must not go unnoticed); otherwise the stores the notifications name
                var named = notifications.Take();
                bool everyStore = !notified || _clock.GetElapsedTime(everyStoreAt) >= _options.PollInterval;
                everyStoreAt = everyStore ? _clock.GetTimestamp() : everyStoreAt;
                await SyncAsync(everyStore ? null : named, cancellationToken).ConfigureAwait(false);
                await PurgeIfDueAsync(cancellationToken).ConfigureAwait(false);
                _firstListen.TrySetResult();
                succeeded();
                if (connection is null)
                {
                    await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    notified = await connection.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _listening = false;
        }
    }

    /// <summary>Purges tombstones beyond the retention, every purge interval (any replica may; the counter row lock keeps it safe).</summary>
    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        if (_lastPurge is { } last && _clock.GetUtcNow() - last < _options.PurgeInterval)
        {
            return;
        }
        await PurgeTombstonesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges every store's tombstones older than <see cref="PostgresOptions.TombstoneRetention"/> versions now; returns how many.</summary>
    public async Task<int> PurgeTombstonesAsync(CancellationToken cancellationToken)
    {
        int purged = 0;
        foreach (var replica in _replicas)
        {
            purged += await replica.Table.PurgeAsync(_source, _options.TombstoneRetention, cancellationToken).ConfigureAwait(false);
        }
        _lastPurge = _clock.GetUtcNow();
        return purged;
    }

    /// <inheritdoc />
    public Task SyncAsync(CancellationToken cancellationToken) => SyncAsync(null, cancellationToken);

    /// <summary>
    /// Polls every store whose version is not its cursor, reading every store's version in one query, and stamps
    /// <see cref="LastSyncedAt"/>; or, given the <paramref name="notified"/> stores' versions, polls those past their
    /// cursor only (a replica's own commits notify it too, and need no poll once acknowledged and applied).
    /// </summary>
    private async Task SyncAsync(Dictionary<string, long>? notified, CancellationToken cancellationToken)
    {
        await _pollGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _clock.GetUtcNow();
            StoreException? unapplied = null;
            var versions = notified ?? await PostgresTable.VersionsAsync(_source, _versionsQuery, _storeNames, cancellationToken).ConfigureAwait(false);
            foreach (var replica in _replicas)
            {
                long cursor = Interlocked.Read(ref replica.Cursor);
                if (!versions.TryGetValue(replica.Table.StoreName, out long version))
                {
                    _ = notified ?? throw new InvalidOperationException($"the counter row of store '{replica.Table.StoreName}' in {replica.Table.Versions} is missing");
                    continue;   // not notified
                }
                if (notified is not null && version <= cursor)
                {
                    continue;   // notified of what it has
                }
                if (version == cursor)
                {
                    replica.Lag = 0;
                    replica.Link.ApplyRemote(Array.Empty<RemoteRow>(), replica.Table.Table, version);   // settles what was acknowledged since
                    continue;
                }
                try
                {
                    await PollAsync(replica, cancellationToken).ConfigureAwait(false);
                }
                catch (StoreException error)
                {
                    unapplied ??= error;   // a change set this store cannot apply: the other stores are still polled
                }
            }
            if (unapplied is not null)
            {
                throw unapplied;
            }
            if (notified is null)
            {
                Interlocked.Exchange(ref _lastSyncedTicks, started.UtcTicks);
            }
        }
        finally
        {
            _pollGate.Release();
        }
    }

    private async Task PollAsync(Replica replica, CancellationToken cancellationToken)
    {
        long cursor = Interlocked.Read(ref replica.Cursor);
        var (version, horizon, rows) = await replica.Table.PollAsync(_source, cursor, cancellationToken).ConfigureAwait(false);
        replica.Lag = version - cursor;
        if (version == cursor)
        {
            replica.Link.ApplyRemote(Array.Empty<RemoteRow>(), replica.Table.Table, version);   // settles what was acknowledged since
            return;
        }
        if (cursor < horizon || cursor > version)
        {
            _logger.LogInformation("StoreGen: cursor {Cursor} of store {Store} is outside {Horizon}..{Version}; reloading", cursor, replica.Table.StoreName, horizon, version);
            Interlocked.Increment(ref _resets);
            _metrics.Reset(replica.Table.StoreName);
            await LoadAsync(replica, cancellationToken).ConfigureAwait(false);
            replica.Lag = 0;
            return;
        }
        replica.Link.ApplyRemote(rows, replica.Table.Table, version);
        Interlocked.Exchange(ref replica.Cursor, version);
        replica.Lag = 0;
    }

    /// <inheritdoc />
    public Task<LiveConditionalResult> WriteIfVersionAsync(LiveLink link, LiveBatch write, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var replica = _replicas.Find(replica => replica.Link.StoreName == link?.StoreName)
            ?? throw new ArgumentException($"store '{link?.StoreName}' is not kept by {Location}", nameof(link));
        return replica.Table.WriteIfVersionAsync(_source, write, expectedVersion, cancellationToken);
    }

    private sealed class Replica(PostgresTable table, LiveLink link)
    {
        public PostgresTable Table { get; } = table;

        public LiveLink Link { get; } = link;

        /// <summary>The database version applied to the store.</summary>
        public long Cursor;

        /// <summary>How many versions behind the database the store was at the last poll (0 once applied).</summary>
        public long Lag;
    }
}
