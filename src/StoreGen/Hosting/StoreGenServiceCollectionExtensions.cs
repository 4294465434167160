using System;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoreGen.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers generated stores and their persistence with a host.</summary>
public static class StoreGenServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StorePersistence"/> (also a hosted service: restores before the application serves, persists
    /// on an interval and flushes on graceful shutdown) and returns a builder to register stores and backends.
    /// <paramref name="configure"/> sets defaults in code; configuration (<c>STORE_BACKEND</c>, the <c>StoreGen</c>
    /// section, …) overrides them. Calling it again adds to the same registration.
    /// </summary>
    public static StoreGenBuilder AddStoreGen(this IServiceCollection services, Action<StorePersistenceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(StoreGenRegistry))?.ImplementationInstance as StoreGenRegistry;
        if (registry is null)
        {
            registry = new StoreGenRegistry();
            services.AddSingleton(registry);
            services.AddOptions();
            services.AddSingleton<IConfigureOptions<StorePersistenceOptions>>(static sp =>
                new ConfigureFromCodeThenConfiguration(sp.GetRequiredService<StoreGenRegistry>(), sp.GetService<IConfiguration>()));
            services.AddSingleton(static sp => new StorePersistence(
                sp,
                sp.GetRequiredService<StoreGenRegistry>(),
                sp.GetRequiredService<IOptions<StorePersistenceOptions>>().Value,
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<IMeterFactory>()));
            services.AddHostedService(static sp => sp.GetRequiredService<StorePersistence>());
        }
        if (configure is not null)
        {
            registry.Defaults.Add(configure);
        }
        return new StoreGenBuilder(services, registry);
    }

    /// <summary>The code's defaults first, in the order given; then configuration, which overrides them.</summary>
    private sealed class ConfigureFromCodeThenConfiguration(StoreGenRegistry registry, IConfiguration? configuration) : IConfigureOptions<StorePersistenceOptions>
    {
        public void Configure(StorePersistenceOptions options)
        {
            registry.Defaults.ForEach(configure => configure(options));
            if (configuration is not null)
            {
                StoreGenSettings.Bind(options, configuration);
            }
        }
    }
}
