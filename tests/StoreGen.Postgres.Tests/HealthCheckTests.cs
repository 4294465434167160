using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StoreGen.Tests;

namespace StoreGen.Postgres.Tests;

/// <summary>The StoreGen health check with the postgres live backend: loaded, reachable, lag and write-behind queue thresholds.</summary>
public sealed class HealthCheckTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = StoreGen.Tests.TestClock.New();

    private IHost Build(Database db, Action<PostgresOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = "postgres",
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["POSTGRES_SCHEMA"] = db.Schema,
        });
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddStoreGen().AddStore<FlagStore>().AddPostgres(options =>
        {
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
            configure(options);
        }).AddHealthChecks();
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["storegen"];

    [Fact]
    public async Task Loaded_stores_in_step_are_healthy_and_a_replica_that_has_not_caught_up_for_longer_than_the_lag_threshold_is_degraded()
    {
        await using var db = new Database();
        // No notifications and an hour between polls: after startup the replica does not catch up again by itself.
        using var host = Build(db, options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); });

        var loading = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Equal("the live backend 'postgres' has not loaded the stores yet.", loading.Description);
        Assert.Equal("NotRestored", loading.Data["outcome"]);

        await host.StartAsync();
        var store = host.Services.GetRequiredService<FlagStore>();
        store.Upsert(new Flag("dark-mode", "prod", true, 25, "ui"));
        await store.WhenDurableAsync();
        var healthy = await CheckAsync(host);
        string location = (string)healthy.Data["location"];
        Assert.StartsWith("postgres 127.0.0.1:", location, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal($"The stores are kept by {location}, in step and written behind.", healthy.Description);
        Assert.Equal("postgres", healthy.Data["backend"]);
        Assert.Equal("Restored", healthy.Data["outcome"]);
        Assert.Equal(true, healthy.Data["reachable"]);
        Assert.Equal(TimeSpan.Zero, healthy.Data["lag"]);
        Assert.Equal(0, healthy.Data["queueDepth"]);
        Assert.Equal(100_000, healthy.Data["queueCapacity.FlagStore"]);

        _clock.Advance(TimeSpan.FromSeconds(30));                // at the threshold: still healthy
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var lagging = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, lagging.Status);
        Assert.Equal($"the stores last caught up with {location} 31 s ago (more than 30 s).", lagging.Description);
        Assert.Equal(TimeSpan.FromSeconds(31), lagging.Data["lag"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_server_is_degraded_a_queue_over_80_percent_too_and_a_full_queue_is_unhealthy()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var db = new Database(cluster.ConnectionString);
        using var host = Build(db, options => options.QueueCapacity = 10);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<FlagStore>();
        string location = (string)(await CheckAsync(host)).Data["location"];

        await cluster.StopServerAsync();
        for (int n = 0; n < 8; n++)
        {
            store.Upsert(new Flag("during" + n, "prod", true, n, null));
        }
        var unreachable = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, unreachable.Status);
        Assert.StartsWith($"{location} is unreachable (", unreachable.Description, StringComparison.Ordinal);
        Assert.EndsWith("); writes are queued.", unreachable.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("write-behind queue", unreachable.Description, StringComparison.Ordinal);   // 8 of 10 is not over 80 %
        Assert.Equal(false, unreachable.Data["reachable"]);
        Assert.Equal(8, unreachable.Data["queueDepth"]);

        store.Upsert(new Flag("during8", "prod", true, 8, null));
        var filling = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, filling.Status);
        Assert.Contains($"the write-behind queue of FlagStore to {location} holds 9 of 10 changes (more than 80 %)", filling.Description, StringComparison.Ordinal);
        Assert.Equal(9, filling.Data["queueDepth.FlagStore"]);

        store.Upsert(new Flag("during9", "prod", true, 9, null));
        var full = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, full.Status);
        Assert.Equal($"the write-behind queue of FlagStore to {location} is full (10 of 10 changes); writes are rejected.", full.Description);
        Assert.Equal(10, full.Data["queueDepth"]);

        await cluster.StartServerAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.WhenDurableAsync(deadline.Token);
        var recovered = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
        Assert.Equal(true, recovered.Data["reachable"]);
        Assert.Equal(0, recovered.Data["queueDepth"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_write_that_succeeds_after_failing_clears_the_last_error()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var db = new Database(cluster.ConnectionString);
        // No notifications and an hour between polls: only the write-behind loop talks to the server after startup.
        using var host = Build(db, options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); });
        await host.StartAsync();
        var store = host.Services.GetRequiredService<FlagStore>();

        await cluster.StopServerAsync();
        store.Upsert(new Flag("during", "prod", true, 1, null));
        var failing = await CheckAsync(host);
        for (int n = 0; n < 300 && !failing.Data.ContainsKey("lastError"); n++)
        {
            await Task.Delay(50);   // bounded: the write-behind loop's first attempt fails at once
            failing = await CheckAsync(host);
        }
        Assert.Contains("lastError", failing.Data.Keys);

        await cluster.StartServerAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.WhenDurableAsync(deadline.Token);
        var recovered = await CheckAsync(host);
        Assert.DoesNotContain("lastError", recovered.Data.Keys);
        Assert.Equal(0, recovered.Data["queueDepth"]);
        await host.StopAsync();
    }
}
