using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoreGen.Hosting;

namespace StoreGen.Postgres;

/// <summary>Registers the <c>postgres</c> live backend with <c>AddStoreGen</c>.</summary>
public static class PostgresStoreGenBuilderExtensions
{
    /// <summary>
    /// Makes <c>STORE_BACKEND=postgres</c> (or <c>STORE_TYPE=postgres</c>) available. Settings: <c>DATABASE_URL</c> (a
    /// <c>postgres://</c> URL) or <c>ConnectionStrings:Postgres</c> (required), <c>POSTGRES_SCHEMA</c>,
    /// <c>POSTGRES_POLL_INTERVAL</c>, <c>POSTGRES_LISTEN</c>, <c>POSTGRES_BATCH_SIZE</c>, <c>POSTGRES_QUEUE_CAPACITY</c> — or the same under
    /// <c>StoreGen:Postgres:</c>. <paramref name="configure"/> sets defaults in code; configuration overrides them.
    /// </summary>
    public static StoreGenBuilder AddPostgres(this StoreGenBuilder builder, Action<PostgresOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBackendOptions(configure, Bind);
        return builder.AddLiveBackend("postgres", static (services, _) =>
        {
            var options = services.GetRequiredService<IOptions<PostgresOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new StoreGenConfigurationException("DATABASE_URL", "is required when STORE_BACKEND is postgres (or set ConnectionStrings:Postgres)");
            }
            return new PostgresLiveBackend(options, services.GetService<ILoggerFactory>(), services.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                services.GetService<TimeProvider>());
        });
    }

    /// <summary>Applies configuration over <paramref name="options"/>, reflection-free; invalid values throw naming the setting.</summary>
    public static void Bind(PostgresOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StoreGenSettings.GetString(configuration, "DATABASE_URL", "Postgres:Url") is { } url)
        {
            options.ConnectionString = PostgresUrl.ToConnectionString(url);
        }
        else if (configuration.GetConnectionString("Postgres") is { Length: > 0 } connectionString)
        {
            options.ConnectionString = connectionString;
        }
        options.Schema = StoreGenSettings.GetString(configuration, "POSTGRES_SCHEMA", "Postgres:Schema") ?? options.Schema;
        options.PollInterval = StoreGenSettings.GetTimeSpan(configuration, "POSTGRES_POLL_INTERVAL", "Postgres:PollInterval") ?? options.PollInterval;
        options.BatchSize = StoreGenSettings.GetPositiveInt(configuration, "POSTGRES_BATCH_SIZE", "Postgres:BatchSize") ?? options.BatchSize;
        options.QueueCapacity = StoreGenSettings.GetPositiveInt(configuration, "POSTGRES_QUEUE_CAPACITY", "Postgres:QueueCapacity") ?? options.QueueCapacity;
        options.Listen = StoreGenSettings.GetBool(configuration, "POSTGRES_LISTEN", "Postgres:Listen") ?? options.Listen;
        StoreGenSettings.RequirePositive(options.PollInterval, "POSTGRES_POLL_INTERVAL");
    }
}
