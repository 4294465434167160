using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StoreGen.Persistence;

namespace StoreGen.Hosting;

/// <summary>Registers stores and snapshot backends with <c>AddStoreGen</c>.</summary>
public sealed class StoreGenBuilder
{
    private readonly StoreGenRegistry _registry;

    internal StoreGenBuilder(IServiceCollection services, StoreGenRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>The service collection, for backend packages' own registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers <typeparamref name="TStore"/> as a singleton, persisted with the others. Creates it with its default options.</summary>
    public StoreGenBuilder AddStore<TStore>()
        where TStore : class, IPersistableStore, new() =>
        AddStore(static _ => new TStore());

    /// <summary>Registers the store <paramref name="factory"/> creates as a singleton, persisted with the others.</summary>
    public StoreGenBuilder AddStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IPersistableStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        _registry.Stores.Add(static services => services.GetRequiredService<TStore>());
        return this;
    }

    /// <summary>
    /// Registers a backend package's options: <paramref name="configure"/> sets the code's defaults, then
    /// <paramref name="bind"/> applies configuration over them (when an <see cref="IConfiguration"/> is registered);
    /// <c>services.Configure&lt;TOptions&gt;</c> runs after both.
    /// </summary>
    public StoreGenBuilder AddBackendOptions<TOptions>(Action<TOptions>? configure, Action<TOptions, IConfiguration> bind)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(bind);
        Services.AddOptions();
        Services.AddSingleton<IConfigureOptions<TOptions>>(services => new ConfigureNamedOptions<TOptions>(
            Options.DefaultName,
            options =>
            {
                configure?.Invoke(options);
                if (services.GetService<IConfiguration>() is { } configuration)
                {
                    bind(options, configuration);
                }
            }));
        return this;
    }

    /// <summary>
    /// Makes <paramref name="name"/> a value of <c>STORE_BACKEND</c>: when it is chosen, <paramref name="factory"/>
    /// creates the backend (once, at startup). Backend packages call this (StoreGen.S3's <c>AddS3()</c> registers <c>s3</c>).
    /// </summary>
    public StoreGenBuilder AddSnapshotBackend(string name, Func<IServiceProvider, StorePersistenceOptions, ISnapshotBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.Equals(name, StoreGenSettings.MemoryBackend, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'memory' means no persistence and cannot be replaced", nameof(name));
        }
        _registry.Backends[name] = factory;
        return this;
    }

    /// <summary>
    /// Makes <paramref name="name"/> a value of <c>STORE_BACKEND</c> that selects a live backend (StoreGen.Postgres'
    /// <c>AddPostgres()</c> registers <c>postgres</c>): when chosen, <paramref name="factory"/> creates it at startup and
    /// every registered store is kept by it, item by item, instead of by snapshots.
    /// </summary>
    public StoreGenBuilder AddLiveBackend(string name, Func<IServiceProvider, StorePersistenceOptions, Live.ILiveBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.Equals(name, StoreGenSettings.MemoryBackend, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'memory' means no persistence and cannot be replaced", nameof(name));
        }
        if (_registry.LiveBackends.Count == 0)
        {
            Services.AddSingleton(static sp => new LiveBackendHost(sp, sp.GetRequiredService<StoreGenRegistry>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorePersistenceOptions>>().Value));
            Services.AddHostedService(static sp => sp.GetRequiredService<LiveBackendHost>());
        }
        _registry.LiveBackends[name] = factory;
        return this;
    }
}
