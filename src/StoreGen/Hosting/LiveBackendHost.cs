using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StoreGen.Live;

namespace StoreGen.Hosting;

/// <summary>
/// Starts the live backend <c>STORE_BACKEND</c> names (if it names one) with every registered store, and stops it
/// (flushing what is queued) on shutdown. Snapshot persistence is not used for a live backend. A database that cannot
/// be reached at startup is handled by the restore policy (<c>STORE_RESTORE_POLICY</c>): <c>wait</c> holds startup
/// until the stores are loaded; <c>merge</c> and <c>accept-loss</c> start serving and let the backend load in the
/// background (it retries, then merges: local writes made meanwhile win on their keys, nothing else is overwritten).
/// </summary>
internal sealed class LiveBackendHost(IServiceProvider services, StoreGenRegistry registry, StorePersistenceOptions options) : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger("StoreGen.Live") ?? NullLogger.Instance;
    private ILiveBackend? _backend;
    private Task? _starting;
    private int _disposed;

    /// <summary>The backend, once it has loaded every store (null before, and when STORE_BACKEND names no live backend).</summary>
    public ILiveBackend? Running { get; private set; }

    /// <summary>The stores it keeps, once started.</summary>
    public IReadOnlyList<ILiveStore> Stores { get; private set; } = Array.Empty<ILiveStore>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!registry.LiveBackends.TryGetValue(options.Backend, out var factory))
        {
            return;
        }
        var policy = options.EffectiveRestorePolicy;
        var stores = new List<ILiveStore>();
        foreach (var resolve in registry.Stores)
        {
            var store = resolve(services);
            stores.Add(store as ILiveStore ?? throw new StoreGenConfigurationException("STORE_BACKEND",
                $"store '{store.StoreName}' cannot be kept by the live backend '{options.Backend}' (it is not a generated store)"));
        }
        var backend = _backend = factory(services, options);
        var status = policy == RestorePolicy.Wait ? null : backend as ILiveBackendStatus;
        _starting = LoadAsync(backend, stores, status is null ? cancellationToken : _stopping.Token);
        // merge, accept-loss: wait for the load unless the database cannot be reached now; then it goes on in the
        // background. A backend that cannot say (no ILiveBackendStatus) is waited for.
        if (status is not null
            && await Task.WhenAny(_starting, status.ProbeAsync(cancellationToken)).ConfigureAwait(false) is Task<Exception?> { Result: { } unreachable })
        {
            LiveLog.LoadingInBackground(_logger, backend.Location, PersistenceLog.Cause(unreachable), policy);
            _ = _starting.ContinueWith(load => LiveLog.LoadFailed(_logger, load.Exception!.GetBaseException(), backend.Location),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return;
        }
        await WaitAsync(policy, cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(ILiveBackend backend, List<ILiveStore> stores, CancellationToken cancellationToken)
    {
        await backend.StartAsync(stores, cancellationToken).ConfigureAwait(false);
        Stores = stores;
        Running = backend;
        LiveLog.Loaded(_logger, backend.Location);
    }

    /// <summary>Waits for the load; a cancelled startup under <c>wait</c> is an error naming the backend and the policy.</summary>
    private async Task WaitAsync(RestorePolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            await _starting!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (policy == RestorePolicy.Wait && !_stopping.IsCancellationRequested)
        {
            string lastError = _backend is ILiveBackendStatus { LastError: { } error } ? ": " + PersistenceLog.Cause(error) : "";
            throw new StoreException(options.Backend, "Restore", Array.Empty<object?>(),
                $"{_backend!.Location} could not load the stores before startup was cancelled, and the restore policy is wait (STORE_RESTORE_POLICY=wait){lastError}", cancelled);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_backend is null)
        {
            return;
        }
        if (Running is null)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);   // still loading: stop trying
        }
        await _backend.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For a service provider disposed synchronously (a host disposes asynchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;   // registered as itself and as a hosted service: disposed twice
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_backend is not null)
        {
            await _backend.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }
}
