using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoreGen.Persistence;

namespace StoreGen.Hosting;

/// <summary>
/// Persistence of the stores registered with <c>AddStoreGen</c>, run by the host: restores before the application
/// starts serving (<see cref="IHostedLifecycleService.StartingAsync"/> runs before any hosted service starts),
/// persists changed stores on an interval, retries failures with exponential backoff, and flushes on graceful
/// shutdown. A backend unreachable at startup is handled by the <see cref="RestorePolicy"/>: by default the restore is
/// retried in the background and merged once it reads. Reads never involve it. Inject it to persist explicitly (the
/// claims/XR cache persists after each poll) or to check <see cref="IsBlocked"/> in a health check.
/// </summary>
public sealed class StorePersistence : IHostedLifecycleService, IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly StoreGenRegistry _registry;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly IMeterFactory? _meters;
    private PersistenceMetrics? _metrics;
    private PersistentStoreGroup? _group;
    private ISnapshotBackend? _backend;
    private string _stores = "";
    private int _failures;
    private int _restoreFailures;
    private RestorePolicy _policy;
    private RestoreOutcome? _unreportedRestore;
    private bool _blockedLogged;
    private TaskCompletionSource _wake = NewSignal();
    private PersistAttempt? _unreported;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    internal StorePersistence(IServiceProvider services, StoreGenRegistry registry, StorePersistenceOptions options,
        ILoggerFactory? loggers, TimeProvider? clock, IMeterFactory? meters)
    {
        _services = services;
        _registry = registry;
        Options = options;
        _logger = loggers?.CreateLogger("StoreGen.Persistence") ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _meters = meters;
    }

    /// <summary>The settings in effect (code defaults overridden by configuration).</summary>
    public StorePersistenceOptions Options { get; }

    /// <summary>Where snapshots go (<c>memory</c> when nothing is persisted), once started.</summary>
    public string Location => _group?.Location ?? StoreGenSettings.MemoryBackend;

    /// <summary>What the restore found. <see cref="RestoreOutcome.NoSnapshot"/> for the memory backend.</summary>
    public RestoreOutcome Outcome => _group?.Outcome ?? (Started ? RestoreOutcome.NoSnapshot : RestoreOutcome.NotRestored);

    /// <summary>Why the restore failed, if it did.</summary>
    public Exception? RestoreError => _group?.RestoreError;

    /// <summary>
    /// True while nothing the application writes is persisted: the snapshot could not be read (see
    /// <see cref="Outcome"/> and <see cref="RestoreError"/>) and data loss was not accepted. Also logged once and
    /// published as the <c>storegen.persistence.blocked</c> metric. With the <c>merge</c> policy and an unreachable
    /// backend it clears by itself once a background restore reads the snapshot.
    /// </summary>
    public bool IsBlocked => _group?.IsBlocked ?? false;

    /// <summary>
    /// Raised after every restore (at startup and each background retry) with its outcome. A background retry raises
    /// it once the next attempt is scheduled.
    /// </summary>
    public event EventHandler<RestoreOutcome>? RestoreCompleted;

    /// <summary>The last persist's result (null before the first), for health checks.</summary>
    public PersistAttempt? LastAttempt { get; private set; }

    /// <summary>
    /// Raised after every persist attempt. While the background loop runs, it raises it once the next attempt is
    /// scheduled (also after an explicit <see cref="PersistAsync"/>), so <see cref="PersistAttempt.NextAttemptAt"/>
    /// is already in force; otherwise it is raised by the thread that persisted.
    /// </summary>
    public event EventHandler<PersistAttempt>? PersistCompleted;

    /// <summary>Creates the backend and restores the stores (idempotent; the host calls it first).</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (Started)
        {
            return;
        }
        if (Options.PersistInterval < TimeSpan.Zero)
        {
            throw new StoreGenConfigurationException("STORE_PERSIST_INTERVAL", "must not be negative");
        }
        if (Options.RetryDelay <= TimeSpan.Zero || Options.MaxRetryDelay < Options.RetryDelay)
        {
            throw new StoreGenConfigurationException("STORE_RETRY_DELAY", $"must be positive and at most STORE_MAX_RETRY_DELAY ({Options.RetryDelay} vs {Options.MaxRetryDelay})");
        }
        if (Options.MaxSnapshotBytes <= 0)
        {
            throw new StoreGenConfigurationException("STORE_MAX_SNAPSHOT_BYTES", "must be positive");
        }
        _policy = Options.EffectiveRestorePolicy;
        var backend = _backend = _registry.CreateBackend(_services, Options);
        var stores = _registry.Stores.Select(create => create(_services)).ToArray();
        _stores = stores.Length == 0 ? "no stores" : string.Join(", ", stores.Select(s => s.StoreName));
        _metrics = new PersistenceMetrics(_meters, Options.Backend, () => IsBlocked);
        if (backend is null)
        {
            PersistenceLog.Started(_logger, Options.Backend, Location, _stores, Options.PersistInterval);
            return;
        }
        _group = new PersistentStoreGroup(backend, stores, _clock, Options.MaxSnapshotBytes);
        if (_policy == RestorePolicy.AcceptLoss)
        {
            _group.AcceptDataLoss();
        }
        PersistenceLog.Started(_logger, Options.Backend, Location, _stores, Options.PersistInterval);
        var outcome = await RestoreCoreAsync(RestoreMode.Replace, cancellationToken).ConfigureAwait(false);
        if (outcome is RestoreOutcome.Failed or RestoreOutcome.Unreachable && _policy == RestorePolicy.Wait)
        {
            throw new StoreException(_stores, "Restore", Array.Empty<object?>(),
                $"the snapshot at {Location} could not be restored and the restore policy is wait (STORE_RESTORE_POLICY=wait, or STORE_REQUIRE_RESTORE): {PersistenceLog.Cause(RestoreError!)}", RestoreError);
        }
        RestoreCompleted?.Invoke(this, outcome);
    }

    /// <summary>Starts the background persist loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartingAsync(cancellationToken).ConfigureAwait(false);
        if (_group is null || _loop is not null)
        {
            return;
        }
        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);   // runs synchronously until it waits, so the first timer exists on return
    }

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the background loop (a persist in progress finishes).</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _stopping is null)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _loop = null;
    }

    /// <summary>Flushes: persists whatever changed since the last persist. Failures are logged, not thrown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StoppingAsync(cancellationToken).ConfigureAwait(false);
        if (_group is null)
        {
            return;
        }
        if (_group.IsBlocked)
        {
            PersistenceLog.Blocked(_logger, _stores, Location);
            return;
        }
        try
        {
            await PersistCoreAsync(PersistTrigger.Shutdown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StoreException or OperationCanceledException)
        {
            PersistenceLog.ShutdownPersistFailed(_logger, Location, PersistenceLog.Cause(exception));
            PersistenceLog.FullError(_logger, exception, "persist", Location);
        }
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Restores every store from the snapshot (at startup the host does this). Replaces the stores' contents, so call
    /// it again only to retry a failed restore before the stores are filled. Never throws for an unreadable snapshot:
    /// see <see cref="Outcome"/> and <see cref="RestoreError"/>.
    /// </summary>
    public async Task<RestoreOutcome> RestoreAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await RestoreCoreAsync(RestoreMode.Replace, cancellationToken).ConfigureAwait(false);
        if (_group is not null)
        {
            RestoreCompleted?.Invoke(this, outcome);
        }
        return outcome;
    }

    private async Task<RestoreOutcome> RestoreCoreAsync(RestoreMode mode, CancellationToken cancellationToken)
    {
        var group = RequireStarted();
        if (group is null)
        {
            return Outcome;
        }
        long start = _clock.GetTimestamp();
        var outcome = await group.RestoreAsync(mode, cancellationToken).ConfigureAwait(false);
        var elapsed = _clock.GetElapsedTime(start);
        switch (outcome)
        {
            case RestoreOutcome.Restored when mode == RestoreMode.Merge:
            case RestoreOutcome.NoSnapshot when mode == RestoreMode.Merge:
                PersistenceLog.RestoredLate(_logger, _stores, Location);
                _metrics!.Record("restore", outcome == RestoreOutcome.Restored ? "restored" : "no_snapshot", elapsed);
                break;
            case RestoreOutcome.Restored:
                PersistenceLog.Restored(_logger, _stores, Location);
                _metrics!.Record("restore", "restored", elapsed);
                break;
            case RestoreOutcome.NoSnapshot:
                PersistenceLog.NoSnapshot(_logger, _stores, Location);
                _metrics!.Record("restore", "no_snapshot", elapsed);
                break;
            case RestoreOutcome.Unreachable when _policy == RestorePolicy.Merge:
                _restoreFailures++;
                PersistenceLog.RestoreUnreachable(_logger, _stores, Location, PersistenceLog.Cause(group.RestoreError!), RetryDelay(_restoreFailures));
                PersistenceLog.FullError(_logger, group.RestoreError!, "restore", Location);
                _metrics!.Record("restore", "unreachable", elapsed);
                break;
            default:
                PersistenceLog.RestoreFailed(_logger, _stores, Location, PersistenceLog.Cause(group.RestoreError!));
                PersistenceLog.FullError(_logger, group.RestoreError!, "restore", Location);
                _metrics!.Record("restore", "failed", elapsed);
                break;
        }
        if (outcome is RestoreOutcome.Restored or RestoreOutcome.NoSnapshot)
        {
            _restoreFailures = 0;
        }
        _blockedLogged = false;
        return outcome;
    }

    /// <summary>
    /// Persists now (the claims/XR cache persists after each poll cycle); returns false when nothing changed. Throws
    /// <see cref="StoreException"/> naming the stores and the backend if it fails or is refused (after a failed
    /// restore); the background loop then retries with backoff.
    /// </summary>
    public Task<bool> PersistAsync(CancellationToken cancellationToken = default) =>
        PersistCoreAsync(PersistTrigger.Explicit, cancellationToken);

    /// <summary>Allows overwriting a snapshot that could not be restored (see <see cref="PersistentStoreGroup.AcceptDataLoss"/>).</summary>
    public void AcceptDataLoss()
    {
        RequireStarted()?.AcceptDataLoss();
        Wake();
    }

    /// <summary>Stops the loop without flushing (a graceful host stop flushes first) and disposes the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        await StoppingAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping?.Dispose();
        (_backend as IDisposable)?.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, for containers disposed synchronously; waits for a persist in progress.</summary>
    public void Dispose()
    {
        if (_loop is { } loop && _stopping is { } stopping)
        {
            stopping.Cancel();
            loop.GetAwaiter().GetResult();   // the loop ends on cancellation and never throws
            _loop = null;
        }
        _stopping?.Dispose();
        (_backend as IDisposable)?.Dispose();
    }

    /// <summary>StartingAsync has run: the backend (or none, for memory) and the metrics exist.</summary>
    private bool Started => _metrics is not null;

    private PersistentStoreGroup? RequireStarted() =>
        !Started
            ? throw new InvalidOperationException("StorePersistence has not started: the host starts it, or call StartingAsync first")
            : _group;

    private async Task<bool> PersistCoreAsync(PersistTrigger trigger, CancellationToken cancellationToken)
    {
        var group = RequireStarted();
        if (group is null)
        {
            return false;
        }
        long start = _clock.GetTimestamp();
        try
        {
            bool written = await group.PersistAsync(cancellationToken).ConfigureAwait(false);
            _metrics!.Record("persist", written ? "written" : "unchanged", _clock.GetElapsedTime(start), written ? group.LastDocumentSize : 0);
            if (written)
            {
                PersistenceLog.Persisted(_logger, _stores, Location, group.LastDocumentSize, trigger);
            }
            Interlocked.Exchange(ref _failures, 0);
            Complete(new PersistAttempt(trigger, written, null, 0, null));
            return written;
        }
        catch (StoreException exception)
        {
            int failures = Interlocked.Increment(ref _failures);
            _metrics!.Record("persist", "failed", _clock.GetElapsedTime(start));
            PersistenceLog.PersistFailed(_logger, Location, failures, trigger, _loop is null ? null : RetryDelay(failures), PersistenceLog.Cause(exception));
            PersistenceLog.FullError(_logger, exception, "persist", Location);
            Complete(new PersistAttempt(trigger, false, exception, failures, null));
            throw;
        }
    }

    private void Complete(PersistAttempt attempt)
    {
        if (attempt.Trigger == PersistTrigger.Interval)
        {
            LastAttempt = attempt;   // the loop raises the event once the next attempt is scheduled
            return;
        }
        LastAttempt = attempt;
        if (_loop is not null)
        {
            Volatile.Write(ref _unreported, attempt);
            Wake();                  // the loop re-plans (back off after a failure, full interval after a success), then reports
            return;
        }
        PersistCompleted?.Invoke(this, attempt);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        PersistAttempt? finished = null;
        while (!stopping.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
            int failures = Volatile.Read(ref _failures);
            bool restoring = RetriesRestore;
            TimeSpan? delay = restoring ? RetryDelay(_restoreFailures)
                : failures > 0 ? RetryDelay(failures)
                : Options.PersistInterval > TimeSpan.Zero ? Options.PersistInterval
                : null;
            using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var timer = delay is { } d ? Task.Delay(d, _clock, cycle.Token) : Task.Delay(Timeout.Infinite, cycle.Token);
            if (_unreportedRestore is { } restored)
            {
                _unreportedRestore = null;
                RestoreCompleted?.Invoke(this, restored);   // the next attempt is scheduled
            }
            finished ??= Interlocked.Exchange(ref _unreported, null);
            if (finished is not null)
            {
                var scheduled = finished with { NextAttemptAt = delay is { } next ? _clock.GetUtcNow() + next : null };
                LastAttempt = scheduled;
                finished = null;
                PersistCompleted?.Invoke(this, scheduled);
            }
            var fired = await Task.WhenAny(timer, wake).ConfigureAwait(false);
            if (fired != timer)
            {
                await cycle.CancelAsync().ConfigureAwait(false);   // drops the timer
            }
            if (fired != timer || stopping.IsCancellationRequested)
            {
                continue;            // woken to re-plan, or stopping
            }
            if (restoring)
            {
                finished = await RetryRestoreAsync(stopping).ConfigureAwait(false);
                continue;
            }
            if (_group!.IsBlocked)
            {
                if (!_blockedLogged)
                {
                    PersistenceLog.Blocked(_logger, _stores, Location);
                    _blockedLogged = true;
                }
                continue;
            }
            try
            {
                await PersistCoreAsync(PersistTrigger.Interval, stopping).ConfigureAwait(false);
            }
            catch (StoreException)
            {
                // logged and counted; the next iteration backs off
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            finished = LastAttempt;
        }
    }

    /// <summary>The merge policy retries a restore that could not reach the backend, until it reads (or data loss is accepted).</summary>
    private bool RetriesRestore => _policy == RestorePolicy.Merge && _group is { Outcome: RestoreOutcome.Unreachable, IsBlocked: true };

    /// <summary>One background restore: merges what it reads into the stores, then persists them (returns that attempt).</summary>
    private async Task<PersistAttempt?> RetryRestoreAsync(CancellationToken stopping)
    {
        RestoreOutcome outcome;
        try
        {
            outcome = await RestoreCoreAsync(RestoreMode.Merge, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        _unreportedRestore = outcome;
        if (outcome is not (RestoreOutcome.Restored or RestoreOutcome.NoSnapshot))
        {
            return null;
        }
        try
        {
            await PersistCoreAsync(PersistTrigger.Interval, stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StoreException or OperationCanceledException)
        {
            // logged and counted; the loop backs off
        }
        return LastAttempt;
    }

    private TimeSpan RetryDelay(int failures) => Backoff.Delay(failures, Options.RetryDelay, Options.MaxRetryDelay);

    private void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
