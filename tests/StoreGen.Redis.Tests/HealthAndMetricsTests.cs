using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace StoreGen.Redis.Tests;

/// <summary>The backend's meter (queue depth, lag, batches, errors) and the health check's view of it (reachable, lag, last error).</summary>
public sealed class HealthAndMetricsTests
{
    /// <summary>Waits (bounded) until <paramref name="done"/> holds; for states with no change feed of their own (connection state, counters).</summary>
    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(await done(), "timed out waiting until " + what);
    }

    /// <summary>Measurements of the meter one factory created (other tests' backends use other factories).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Name, string? Store), long> _last = new();
        private readonly ConcurrentDictionary<string, long> _sums = new();

        public Recorder(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == "StoreGen.Redis")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? store = null;
            foreach (var tag in tags)
            {
                store = tag.Key == "store" ? (string?)tag.Value : store;
            }
            _last[(instrument.Name, store)] = value;
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        }

        /// <summary>A gauge's value for <paramref name="store"/>, observed now.</summary>
        public long Gauge(string name, string store)
        {
            _listener.RecordObservableInstruments();
            return _last.TryGetValue((name, store), out long value) ? value : -1;
        }

        /// <summary>A counter's total so far.</summary>
        public long Total(string name) => _sums.GetValueOrDefault(name);

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task The_meter_reports_queue_depth_lag_batches_and_errors()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var recorder = new Recorder(factory);
        var store = new FlagStore();
        var options = redis.Options();
        var backend = new RedisLiveBackend(options, meterFactory: factory);
        redis.Backends.Add(backend);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await backend.StartAsync([store], timeout.Token);

        store.Upsert(new Flag("a", "prod", true, 1, null));
        await store.WhenDurableAsync(timeout.Token);
        await backend.SyncAsync(timeout.Token);
        Assert.Equal(1, recorder.Total("storegen.live.batches"));
        Assert.Equal(0, recorder.Gauge("storegen.live.queue_depth", "FlagStore"));
        Assert.Equal(0, recorder.Gauge("storegen.live.lag", "FlagStore"));
        long errors = recorder.Total("storegen.live.errors");   // startup may have retried once under load

        await redis.StopServerAsync();
        store.Upsert(new Flag("b", "prod", true, 2, null));
        store.Upsert(new Flag("c", "prod", true, 3, null));
        Assert.Equal(2, recorder.Gauge("storegen.live.queue_depth", "FlagStore"));
        await UntilAsync(() => Task.FromResult(recorder.Total("storegen.live.errors") > errors), "a failed write or read was counted");

        await redis.StartServerAsync();
        await store.WhenDurableAsync(timeout.Token);
        Assert.Equal(0, recorder.Gauge("storegen.live.queue_depth", "FlagStore"));
        Assert.True(recorder.Total("storegen.live.batches") >= 2, "the queued changes were written as a batch");
        Assert.True(recorder.Total("storegen.live.resets") >= 1, "Redis came back empty: a new epoch, a reset");
    }

    private static IHost Build(RedisServer redis)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = "redis",
            ["REDIS_URL"] = "redis://" + redis.Endpoint,
            ["REDIS_NAMESPACE"] = redis.Namespace,
            ["REDIS_POLL_INTERVAL"] = "00:00:00.2",
        });
        builder.Services.AddStoreGen().AddStore<FlagStore>().AddRedis(options =>
        {
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        }).AddHealthChecks();
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["storegen"];

    /// <summary>Redis down: the health check says it is unreachable and shows the last error; once it is back, healthy again.</summary>
    [Fact]
    public async Task The_health_check_reports_redis_down_with_its_last_error_and_healthy_after_it_returns()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        using var host = Build(redis);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<FlagStore>();
        store.Upsert(new Flag("a", "prod", true, 1, null));
        await store.WhenDurableAsync();
        var healthy = await CheckAsync(host);
        string location = (string)healthy.Data["location"];
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(true, healthy.Data["reachable"]);
        Assert.Null(healthy.Data.GetValueOrDefault("lastError"));
        Assert.IsType<TimeSpan>(healthy.Data["lag"]);

        await redis.StopServerAsync();
        store.Upsert(new Flag("b", "prod", true, 2, null));
        HealthReportEntry down = default;
        await UntilAsync(async () => (down = await CheckAsync(host)).Data.GetValueOrDefault("lastError") is not null, "the backend met an error");
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.StartsWith($"{location} is unreachable (", down.Description, StringComparison.Ordinal);
        Assert.Equal(false, down.Data["reachable"]);
        Assert.Equal(1, down.Data["queueDepth"]);

        await redis.StartServerAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.WhenDurableAsync(timeout.Token);
        HealthReportEntry back = default;
        await UntilAsync(async () => (back = await CheckAsync(host)).Status == HealthStatus.Healthy && back.Data.GetValueOrDefault("lastError") is null, "healthy again");
        Assert.Equal(true, back.Data["reachable"]);
        Assert.Equal(0, back.Data["queueDepth"]);
        await host.StopAsync();
    }
}
