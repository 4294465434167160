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
        builder.Services.AddOptions();
        builder.Services.AddSingleton<IConfigureOptions<PostgresOptions>>(services => new ConfigureNamedOptions<PostgresOptions>(
            Options.DefaultName,
            options =>
            {
                configure?.Invoke(options);
                if (services.GetService<IConfiguration>() is { } configuration)
                {
                    Bind(options, configuration);
                }
            }));
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
        options.BatchSize = Positive(StoreGenSettings.GetInt(configuration, "POSTGRES_BATCH_SIZE", "Postgres:BatchSize"), "POSTGRES_BATCH_SIZE") ?? options.BatchSize;
        options.QueueCapacity = Positive(StoreGenSettings.GetInt(configuration, "POSTGRES_QUEUE_CAPACITY", "Postgres:QueueCapacity"), "POSTGRES_QUEUE_CAPACITY") ?? options.QueueCapacity;
        options.Listen = StoreGenSettings.GetBool(configuration, "POSTGRES_LISTEN", "Postgres:Listen") ?? options.Listen;
        if (options.PollInterval <= TimeSpan.Zero)
        {
            throw new StoreGenConfigurationException("POSTGRES_POLL_INTERVAL", "must be more than zero");
        }
    }

    private static int? Positive(int? value, string setting) =>
        value is 0 ? throw new StoreGenConfigurationException(setting, "must be at least 1") : value;
}
