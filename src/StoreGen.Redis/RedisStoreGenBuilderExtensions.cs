using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StoreGen.Hosting;

namespace StoreGen.Redis;

/// <summary>Registers the <c>redis</c> live backend with <c>AddStoreGen</c>.</summary>
public static class RedisStoreGenBuilderExtensions
{
    /// <summary>
    /// Makes <c>STORE_BACKEND=redis</c> available. Settings: <c>REDIS_URL</c> (a <c>redis://[:password@]host:port[/db]</c>
    /// URL) or <c>ConnectionStrings:Redis</c> (a StackExchange.Redis configuration string) — one is required;
    /// <c>REDIS_NAMESPACE</c>, <c>REDIS_PROTOCOL</c> (<c>resp2</c> or <c>resp3</c>), <c>REDIS_POLL_INTERVAL</c>,
    /// <c>REDIS_BATCH_SIZE</c>, <c>REDIS_QUEUE_CAPACITY</c> — or the same under <c>StoreGen:Redis:</c>.
    /// <paramref name="configure"/> sets defaults in code; configuration overrides them.
    /// </summary>
    public static StoreGenBuilder AddRedis(this StoreGenBuilder builder, Action<RedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBackendOptions(configure, Bind);
        return builder.AddLiveBackend("redis", static (services, _) =>
        {
            var options = services.GetRequiredService<IOptions<RedisOptions>>().Value;
            if (options.Configuration is null)
            {
                throw new StoreGenConfigurationException("REDIS_URL", "is required when STORE_BACKEND is redis (or set ConnectionStrings:Redis)");
            }
            return new RedisLiveBackend(options, services.GetService<ILoggerFactory>(), services.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                services.GetService<TimeProvider>());
        });
    }

    /// <summary>Applies configuration over <paramref name="options"/>, reflection-free; invalid values throw naming the setting.</summary>
    public static void Bind(RedisOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StoreGenSettings.GetString(configuration, "REDIS_URL", "Redis:Url") is { } url)
        {
            options.Configuration = RedisUrl.Parse(url);
        }
        else if (configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString)
        {
            try
            {
                options.Configuration = ConfigurationOptions.Parse(connectionString);
            }
            catch (ArgumentException error)
            {
                throw new StoreGenConfigurationException("ConnectionStrings:Redis", "is not a StackExchange.Redis configuration: " + error.Message);
            }
        }
        options.Namespace = StoreGenSettings.GetString(configuration, "REDIS_NAMESPACE", "Redis:Namespace") ?? options.Namespace;
        if (options.Namespace.AsSpan().IndexOfAny('{', '}') >= 0 || options.Namespace.Length == 0)
        {
            throw new StoreGenConfigurationException("REDIS_NAMESPACE", "must be non-empty and may not contain '{' or '}' (it is part of every key's hash tag)");
        }
        options.Protocol = StoreGenSettings.GetString(configuration, "REDIS_PROTOCOL", "Redis:Protocol")?.ToUpperInvariant() switch
        {
            null => options.Protocol,
            "RESP2" or "2" => RedisProtocol.Resp2,
            "RESP3" or "3" => RedisProtocol.Resp3,
            _ => throw new StoreGenConfigurationException("REDIS_PROTOCOL", "must be resp2 or resp3"),
        };
        options.PollInterval = StoreGenSettings.GetTimeSpan(configuration, "REDIS_POLL_INTERVAL", "Redis:PollInterval") ?? options.PollInterval;
        options.BatchSize = StoreGenSettings.GetPositiveInt(configuration, "REDIS_BATCH_SIZE", "Redis:BatchSize") ?? options.BatchSize;
        options.QueueCapacity = StoreGenSettings.GetPositiveInt(configuration, "REDIS_QUEUE_CAPACITY", "Redis:QueueCapacity") ?? options.QueueCapacity;
        StoreGenSettings.RequirePositive(options.PollInterval, "REDIS_POLL_INTERVAL");
    }
}
