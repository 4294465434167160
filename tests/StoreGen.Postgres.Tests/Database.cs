using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using StoreGen.Live;

namespace StoreGen.Postgres.Tests;

/// <summary>The PostgreSQL test.sh started (STOREGEN_POSTGRES), with a fresh schema per test whose name is built to inject SQL.</summary>
public sealed class Database : IAsyncDisposable
{
    public Database(string? connectionString = null)
    {
        ConnectionString = connectionString ?? Environment.GetEnvironmentVariable("STOREGEN_POSTGRES")
            ?? throw new InvalidOperationException("STOREGEN_POSTGRES is not set: run the tests through test.sh, which starts PostgreSQL 15");
        Schema = "sg\"; DROP TABLE x; --'" + Guid.NewGuid().ToString("N")[..8];
    }

    public string ConnectionString { get; }

    public string Schema { get; }

    /// <summary>The schema as a quoted identifier, for the tests' own SQL.</summary>
    public string QuotedSchema => "\"" + Schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public List<PostgresLiveBackend> Backends { get; } = new();

    /// <summary>A replica: a backend started for <paramref name="stores"/>.</summary>
    public Task<PostgresLiveBackend> StartAsync(params ILiveStore[] stores) => StartAsync(null, stores);

    /// <summary>A replica whose options <paramref name="configure"/> adjusts.</summary>
    public Task<PostgresLiveBackend> StartAsync(Action<PostgresOptions>? configure, params ILiveStore[] stores) =>
        StartAsync(configure, null, null, stores);

    /// <summary>A replica with its own clock and meter factory (either may be null: the system's).</summary>
    public async Task<PostgresLiveBackend> StartAsync(Action<PostgresOptions>? configure, TimeProvider? clock,
        System.Diagnostics.Metrics.IMeterFactory? meters, params ILiveStore[] stores)
    {
        var options = new PostgresOptions
        {
            ConnectionString = ConnectionString,
            Schema = Schema,
            PollInterval = TimeSpan.FromSeconds(1),
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(options);
        var backend = new PostgresLiveBackend(options, meterFactory: meters, timeProvider: clock);
        Backends.Add(backend);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await backend.StartAsync(stores, timeout.Token);
        return backend;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
        try
        {
            await DropSchemaAsync();
        }
        catch (NpgsqlException)
        {
            // the server is down (a failed fault test): cleanup must not hide the test's own failure
        }
    }

    private async Task DropSchemaAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {QuotedSchema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Waits for a store to reach a condition, by its change feed, within a deadline (never a bare sleep).</summary>
public static class Converge
{
    public static async Task UntilAsync(FlagStore store, Func<FlagStore, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var _ in store.WatchAsync(0, deadline.Token))
            {
                if (done(store))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.True(done(store), "timed out waiting until " + what);
    }

    public static IEnumerable<Flag> Sorted(FlagStore store) =>
        store.ToArray().OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Env, StringComparer.Ordinal);
}

/// <summary>A test class with a fresh schema on the shared PostgreSQL, dropped afterwards.</summary>
public abstract class DatabaseTests : IAsyncLifetime
{
    protected Database Db { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Db.DisposeAsync().AsTask();
}
