using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using StoreGen;
using StoreGen.Live;
using StoreGen.Postgres;

// The PostgreSQL live backend side by side with raw Npgsql, on the server STOREGEN_POSTGRES names.
//   dotnet run -c Release --project benchmarks/StoreGen.PostgresBenchmarks -- [writes] [load] [lag]
// Stopwatch harness, median of 3 runs (lag: percentiles of 500 sequential writes).
string connectionString = Environment.GetEnvironmentVariable("STOREGEN_POSTGRES")
    ?? throw new InvalidOperationException("set STOREGEN_POSTGRES to an Npgsql connection string");
var which = args.Length > 0 ? args.ToHashSet() : new HashSet<string> { "writes", "load", "lag" };
await using var source = NpgsqlDataSource.Create(connectionString);

if (which.Contains("writes"))
{
    const int n = 200_000;
    var items = Enumerable.Range(0, n).Select(Bench.Item).ToArray();
    var raw = Bench.Median(3, () => Bench.RawUpsertAsync(source, "bench_raw_writes", items, 5_000));
    var live = Bench.Median(3, () => Bench.LiveWritesAsync(connectionString, items));
    Console.WriteLine($"write-behind, {n:N0} items: raw unnest upsert {n / raw.TotalSeconds:N0} items/s, StoreGen {n / live.TotalSeconds:N0} items/s ({raw / live:F2}x of raw)");
}

if (which.Contains("load"))
{
    const int n = 1_000_000;
    // BENCH_LOAD_SCHEMA reuses a table seeded (and kept) by an earlier run; otherwise one is seeded and dropped.
    string? kept = Environment.GetEnvironmentVariable("BENCH_LOAD_SCHEMA");
    string schema = kept ?? await Bench.SeedAsync(source, connectionString, n);
    var raw = Bench.Median(3, () => Bench.RawCopyAsync(source, schema));
    var live = Bench.Median(3, () => Bench.LiveLoadAsync(connectionString, schema, n));
    if (kept is null)
    {
        await using var drop = source.CreateCommand($"DROP SCHEMA {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
    Console.WriteLine($"startup load, {n:N0} items: raw binary COPY read {raw.TotalMilliseconds:N0} ms, StoreGen load into the store {live.TotalMilliseconds:N0} ms ({raw / live:F2}x of raw)");
}

if (which.Contains("lag"))
{
    var (p50, p99) = await Bench.LagAsync(connectionString, 500);
    Console.WriteLine($"replica lag (write committed on A → visible in B's store), NOTIFY: p50 {p50:F2} ms, p99 {p99:F2} ms");
}

/// <summary>A flag, as the feature-flag store holds it.</summary>
[Store(Keys = new[] { nameof(Env), nameof(Key) })]
public sealed partial record BenchFlag(string Env, string Key, bool Enabled, int Rollout, string Description);

internal static class Bench
{
    public static BenchFlag Item(int n) => new("env" + (n % 10), "flag-" + n, n % 2 == 0, n % 100, "description of flag " + n);

    public static TimeSpan Median(int runs, Func<Task<TimeSpan>> run)
    {
        var times = Enumerable.Range(0, runs).Select(_ => run().GetAwaiter().GetResult()).OrderBy(t => t).ToArray();
        return times[runs / 2];
    }

    private static string NewSchema() => "bench_" + Guid.NewGuid().ToString("N")[..8];

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Raw Npgsql: the same rows (key columns, version, deleted flag, jsonb) upserted with one unnest statement per batch.</summary>
    public static async Task<TimeSpan> RawUpsertAsync(NpgsqlDataSource source, string table, BenchFlag[] items, int batch)
    {
        string schema = NewSchema();
        await ExecuteAsync(source, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.{table} (env text, key text, version bigint, deleted boolean, item jsonb, PRIMARY KEY (env, key))");
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < items.Length; start += batch)
        {
            var slice = items.AsSpan(start, Math.Min(batch, items.Length - start)).ToArray();
            await using var connection = await source.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {schema}.{table} SELECT e, k, $1, false, i FROM unnest($2, $3, $4) AS u(e, k, i) ON CONFLICT (env, key) DO UPDATE SET version = excluded.version, item = excluded.item", connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = (long)start, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = slice.Select(f => f.Env).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = slice.Select(f => f.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = slice.Select(f => JsonSerializer.Serialize(f, BenchJson.Default.BenchFlag)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await command.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var elapsed = watch.Elapsed;
        await ExecuteAsync(source, $"DROP SCHEMA {schema} CASCADE");
        return elapsed;
    }

    private static PostgresLiveBackend Backend(string connectionString, string schema) =>
        new(new PostgresOptions { ConnectionString = connectionString, Schema = schema, QueueCapacity = 10_000_000 });

    /// <summary>StoreGen: the same rows written to the store in transactions of 1,000, until durable.</summary>
    public static async Task<TimeSpan> LiveWritesAsync(string connectionString, BenchFlag[] items)
    {
        string schema = NewSchema();
        var store = new BenchFlagStore();
        await using (var backend = Backend(connectionString, schema))
        {
            await backend.StartAsync(new ILiveStore[] { store }, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < items.Length; start += 1_000)
            {
                store.UpsertMany(items.Skip(start).Take(1_000));
            }
            await store.WhenDurableAsync();
            var elapsed = watch.Elapsed;
            await backend.StopAsync(CancellationToken.None);
            await using var source = NpgsqlDataSource.Create(connectionString);
            await ExecuteAsync(source, $"DROP SCHEMA {schema} CASCADE");
            return elapsed;
        }
    }

    /// <summary>A table of <paramref name="n"/> items written by StoreGen (so both readers read the same rows).</summary>
    public static async Task<string> SeedAsync(NpgsqlDataSource source, string connectionString, int n)
    {
        string schema = NewSchema();
        var store = new BenchFlagStore();
        await using var backend = Backend(connectionString, schema);
        await backend.StartAsync(new ILiveStore[] { store }, CancellationToken.None);
        for (int start = 0; start < n; start += 10_000)
        {
            store.UpsertMany(Enumerable.Range(start, 10_000).Select(Item));
        }
        await store.WhenDurableAsync();
        await backend.StopAsync(CancellationToken.None);
        return schema;
    }

    /// <summary>Raw Npgsql: binary COPY of the key columns and the jsonb (as text) into a list.</summary>
    public static async Task<TimeSpan> RawCopyAsync(NpgsqlDataSource source, string schema)
    {
        var watch = Stopwatch.StartNew();
        var rows = new List<(string, string, string)>();
        await using var connection = await source.OpenConnectionAsync();
        await using var exporter = await connection.BeginBinaryExportAsync($"COPY (SELECT \"Env\", \"Key\", sg_item FROM {schema}.\"storegen_BenchFlagStore\" WHERE NOT sg_deleted) TO STDOUT (FORMAT BINARY)");
        while (await exporter.StartRowAsync() != -1)
        {
            rows.Add((exporter.Read<string>(NpgsqlDbType.Text), exporter.Read<string>(NpgsqlDbType.Text), exporter.Read<string>(NpgsqlDbType.Jsonb)));
        }
        return watch.Elapsed;
    }

    /// <summary>StoreGen: a replica starting on the table (COPY, decode, insert into the store).</summary>
    public static async Task<TimeSpan> LiveLoadAsync(string connectionString, string schema, int n)
    {
        var store = new BenchFlagStore();
        await using var backend = Backend(connectionString, schema);
        var watch = Stopwatch.StartNew();
        await backend.StartAsync(new ILiveStore[] { store }, CancellationToken.None);
        var elapsed = watch.Elapsed;
        if (store.Count != n)
        {
            throw new InvalidOperationException($"loaded {store.Count} items, expected {n}");
        }
        await backend.StopAsync(CancellationToken.None);
        return elapsed;
    }

    /// <summary>Replica A writes one item at a time; the time until replica B's store holds it, per write.</summary>
    public static async Task<(double P50, double P99)> LagAsync(string connectionString, int samples)
    {
        string schema = NewSchema();
        var a = new BenchFlagStore();
        var b = new BenchFlagStore();
        await using var backendA = Backend(connectionString, schema);
        await using var backendB = Backend(connectionString, schema);
        await backendA.StartAsync(new ILiveStore[] { a }, CancellationToken.None);
        await backendB.StartAsync(new ILiveStore[] { b }, CancellationToken.None);
        var lags = new List<double>();
        await using var feed = b.WatchAsync(b.Version).GetAsyncEnumerator();
        for (int n = 0; n < samples; n++)
        {
            var watch = Stopwatch.StartNew();
            a.Upsert(Item(n));
            while (b.Get("env" + (n % 10), "flag-" + n) is null)
            {
                await feed.MoveNextAsync();
            }
            lags.Add(watch.Elapsed.TotalMilliseconds);
        }
        lags.Sort();
        return (lags[lags.Count / 2], lags[(int)(lags.Count * 0.99)]);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(BenchFlag))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
