using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using StoreGen.Live;

namespace StoreGen.Hosting;

/// <summary>
/// Starts the live backend <c>STORE_BACKEND</c> names (if it names one) with every registered store, and stops it
/// (flushing what is queued) on shutdown. Snapshot persistence is not used for a live backend.
/// </summary>
internal sealed class LiveBackendHost(IServiceProvider services, StoreGenRegistry registry, StorePersistenceOptions options) : IHostedService, IAsyncDisposable
{
    private ILiveBackend? _backend;

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
        var stores = new List<ILiveStore>();
        foreach (var resolve in registry.Stores)
        {
            var store = resolve(services);
            stores.Add(store as ILiveStore ?? throw new StoreGenConfigurationException("STORE_BACKEND",
                $"store '{store.StoreName}' cannot be kept by the live backend '{options.Backend}' (it is not a generated store)"));
        }
        _backend = factory(services, options);
        await _backend.StartAsync(stores, cancellationToken).ConfigureAwait(false);
        Stores = stores;
        Running = _backend;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _backend?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _backend?.DisposeAsync() ?? ValueTask.CompletedTask;
}
