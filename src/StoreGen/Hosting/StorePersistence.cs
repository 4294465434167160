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
/// shutdown. Reads never involve it. Inject it to persist explicitly (the first seed persists after each poll).
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
        var backend = _backend = _registry.CreateBackend(_services, Options);
        var stores = _registry.Stores.Select(create => create(_services)).ToArray();
        _stores = stores.Length == 0 ? "no stores" : string.Join(", ", stores.Select(s => s.StoreName));
        _metrics = new PersistenceMetrics(_meters, Options.Backend);
        if (backend is null)
        {
            PersistenceLog.Started(_logger, Options.Backend, Location, _stores, Options.PersistInterval);
            return;
        }
        _group = new PersistentStoreGroup(backend, stores, _clock);
        if (Options.AcceptDataLoss)
        {
            _group.AcceptDataLoss();
        }
        PersistenceLog.Started(_logger, Options.Backend, Location, _stores, Options.PersistInterval);
        var outcome = await RestoreAsync(cancellationToken).ConfigureAwait(false);
        if (outcome == RestoreOutcome.Failed && Options.RequireRestore)
        {
            throw new StoreException(_stores, "Restore", Array.Empty<object?>(),
                $"the snapshot at {Location} could not be restored and STORE_REQUIRE_RESTORE is set: {RestoreError?.Message}", RestoreError);
        }
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
            PersistenceLog.ShutdownPersistFailed(_logger, exception, Location);
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
        var group = RequireStarted();
        if (group is null)
        {
            return Outcome;
        }
        long start = _clock.GetTimestamp();
        var outcome = await group.RestoreAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = _clock.GetElapsedTime(start);
        switch (outcome)
        {
            case RestoreOutcome.Restored:
                PersistenceLog.Restored(_logger, _stores, Location);
                _metrics!.Record("restore", "restored", elapsed);
                break;
            case RestoreOutcome.NoSnapshot:
                PersistenceLog.NoSnapshot(_logger, _stores, Location);
                _metrics!.Record("restore", "no_snapshot", elapsed);
                break;
            default:
                PersistenceLog.RestoreFailed(_logger, group.RestoreError!, _stores, Location);
                _metrics!.Record("restore", "failed", elapsed);
                break;
        }
        _blockedLogged = false;
        return outcome;
    }

    /// <summary>
    /// Persists now (the first seed persists after each poll cycle); returns false when nothing changed. Throws
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
            PersistenceLog.PersistFailed(_logger, exception, Location, failures, trigger, _loop is null ? null : RetryDelay(failures));
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
            TimeSpan? delay = failures > 0 ? RetryDelay(failures)
                : Options.PersistInterval > TimeSpan.Zero ? Options.PersistInterval
                : null;
            using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var timer = delay is { } d ? Task.Delay(d, _clock, cycle.Token) : Task.Delay(Timeout.Infinite, cycle.Token);
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

    private TimeSpan RetryDelay(int failures)
    {
        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        double ticks = Math.Min(Options.RetryDelay.Ticks * factor, Options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
