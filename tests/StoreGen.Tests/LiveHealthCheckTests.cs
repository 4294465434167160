using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StoreGen.Hosting;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The health check's live rules (loaded, reachable, lag, every store's write-behind queue) with a live backend kept
/// in the test process (<see cref="LiveBackendDouble"/>), on the fake clock.
/// </summary>
public sealed class LiveHealthCheckTests
{
    private const string Location = "double live backend";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = TestClock.New();

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["storegen"];

    private async Task<IHost> StartedAsync(LiveBackendDouble backend, Action<StoreGenHealthCheckOptions>? checks = null)
    {
        var host = LiveHosts.Build(backend, clock: _clock, checks: checks);
        await host.StartAsync().WaitAsync(Patience);
        return host;
    }

    [Fact]
    public async Task Stores_the_backend_has_not_loaded_are_unhealthy_then_loaded_stores_are_healthy_without_status_facts()
    {
        var backend = new LiveBackendDouble(queueCapacity: 7);
        using var host = LiveHosts.Build(backend, clock: _clock);
        var loading = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Equal("the live backend 'double' has not loaded the stores yet.", loading.Description);
        Assert.Equal("NotRestored", loading.Data["outcome"]);
        Assert.Equal("double", loading.Data["backend"]);
        Assert.False(loading.Data.ContainsKey("location"));

        await host.StartAsync().WaitAsync(Patience);
        var loaded = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, loaded.Status);
        Assert.Equal($"The stores are kept by {Location}, in step and written behind.", loaded.Description);
        Assert.Equal(Location, loaded.Data["location"]);
        Assert.Equal("Restored", loaded.Data["outcome"]);
        Assert.Equal(0, loaded.Data["queueDepth"]);
        Assert.Equal(0, loaded.Data["queueDepth.InvoiceStore"]);
        Assert.Equal(7, loaded.Data["queueCapacity.IngressStore"]);
        Assert.False(loaded.Data.ContainsKey("reachable"), "a backend without a status is judged by its queues alone");
        Assert.False(loaded.Data.ContainsKey("lastSyncedAt"));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reachable_backend_is_healthy_up_to_the_lag_threshold_and_degraded_past_it()
    {
        var backend = new StatusLiveBackendDouble { LastSyncedAt = TestClock.Start };
        using var host = await StartedAsync(backend, checks => checks.MaxLag = TimeSpan.FromSeconds(10));

        var synced = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, synced.Status);
        Assert.Equal(true, synced.Data["reachable"]);
        Assert.Equal(TestClock.Start, synced.Data["lastSyncedAt"]);
        Assert.Equal(TimeSpan.Zero, synced.Data["lag"]);
        Assert.False(synced.Data.ContainsKey("lastError"));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);   // at the threshold
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var lagging = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, lagging.Status);
        Assert.Equal($"the stores last caught up with {Location} 10.5 s ago (more than 10 s).", lagging.Description);
        Assert.Equal(TimeSpan.FromSeconds(10.5), lagging.Data["lag"]);
        Assert.Equal(4, backend.Probes);                                     // one at startup, then one a check
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_backend_is_degraded_naming_the_cause_and_reports_its_last_error()
    {
        var backend = new StatusLiveBackendDouble();
        using var host = await StartedAsync(backend);
        // An outer error without a message of its own (some client libraries wrap that way) adds nothing to the cause.
        backend.Unreachable = new IOException("", new IOException("connection refused", new IOException("no route to host")));
        backend.LastError = new IOException("write failed");

        var unreachable = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, unreachable.Status);
        Assert.Equal($"{Location} is unreachable (connection refused <- no route to host); writes are queued.", unreachable.Description);
        Assert.Equal(false, unreachable.Data["reachable"]);
        Assert.Equal("write failed", unreachable.Data["lastError"]);
        Assert.False(unreachable.Data.ContainsKey("lag"), "never synced: no lag");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_queue_past_the_ratio_is_degraded_a_full_one_unhealthy_and_only_the_worst_causes_are_described()
    {
        var backend = new StatusLiveBackendDouble(queueCapacity: 10);
        using var host = await StartedAsync(backend);
        var invoices = host.Services.GetRequiredService<InvoiceStore>();
        host.Services.GetRequiredService<IngressStore>().Upsert(Make.Ingress("default", "web", uid: 1));
        for (int n = 1; n <= 8; n++)
        {
            invoices.Upsert(new Invoice(n, Tier.Free, n));
        }

        var at80 = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, at80.Status);                     // 8 of 10 is not more than 80 %
        Assert.Equal(9, at80.Data["queueDepth"]);
        Assert.Equal(8, at80.Data["queueDepth.InvoiceStore"]);
        Assert.Equal(1, at80.Data["queueDepth.IngressStore"]);

        invoices.Upsert(new Invoice(9, Tier.Free, 9m));
        backend.Unreachable = new IOException("connection refused");
        var filling = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, filling.Status);
        Assert.Equal($"{Location} is unreachable (connection refused); writes are queued; "
            + $"the write-behind queue of InvoiceStore to {Location} holds 9 of 10 changes (more than 80 %).", filling.Description);

        invoices.Upsert(new Invoice(10, Tier.Free, 10m));
        var full = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, full.Status);
        Assert.Equal($"the write-behind queue of InvoiceStore to {Location} is full (10 of 10 changes); writes are rejected.", full.Description);
        Assert.Equal(11, full.Data["queueDepth"]);

        backend.Unreachable = null;
        await backend.WriteQueuedAsync();
        var written = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, written.Status);
        Assert.Equal(0, written.Data["queueDepth"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_queue_ratio_is_a_threshold_of_its_own()
    {
        var backend = new LiveBackendDouble(queueCapacity: 10);
        using var host = await StartedAsync(backend, checks => checks.QueueDegradedRatio = 0.5);
        var invoices = host.Services.GetRequiredService<InvoiceStore>();
        for (int n = 1; n <= 6; n++)
        {
            invoices.Upsert(new Invoice(n, Tier.Free, n));
        }
        var entry = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal($"the write-behind queue of InvoiceStore to {Location} holds 6 of 10 changes (more than 50 %).", entry.Description);
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_a_registered_clock_or_options_the_lag_is_measured_on_the_system_clock_against_30_s()
    {
        var backend = new StatusLiveBackendDouble { LastSyncedAt = TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(1) };
        using var host = LiveHosts.Build(backend);
        await host.StartAsync().WaitAsync(Patience);
        var check = new StoreGenHealthCheck(host.Services);
        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("direct", check, null, null) });

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith($"the stores last caught up with {Location} 3", result.Description, StringComparison.Ordinal);
        Assert.EndsWith(" s ago (more than 30 s).", result.Description, StringComparison.Ordinal);
        Assert.InRange((TimeSpan)result.Data["lag"], TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        await host.StopAsync();
    }

    [Fact]
    public void The_check_needs_AddStoreGen_and_thresholds_in_range()
    {
        using var bare = new ServiceCollection().BuildServiceProvider();
        var missing = Assert.Throws<InvalidOperationException>(() => new StoreGenHealthCheck(bare));
        Assert.Equal("The StoreGen health check needs AddStoreGen: call services.AddStoreGen() first", missing.Message);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => new StoreGenHealthCheck(null!)).ParamName);

        var services = new ServiceCollection();
        services.AddStoreGen();
        using var provider = services.BuildServiceProvider();
        var lag = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreGenHealthCheck(provider, new StoreGenHealthCheckOptions { MaxLag = TimeSpan.FromSeconds(-1) }));
        Assert.Equal("MaxLag", lag.ParamName);
        Assert.StartsWith("StoreGen health check: MaxLag must be positive", lag.Message, StringComparison.Ordinal);
        var ratio = Assert.Throws<ArgumentOutOfRangeException>(() => new StoreGenHealthCheck(provider, new StoreGenHealthCheckOptions { QueueDegradedRatio = 0 }));
        Assert.Equal("QueueDegradedRatio", ratio.ParamName);
        Assert.StartsWith("StoreGen health check: QueueDegradedRatio must be more than 0 and at most 1", ratio.Message, StringComparison.Ordinal);
        _ = new StoreGenHealthCheck(provider, new StoreGenHealthCheckOptions { MaxLag = TimeSpan.FromTicks(1), QueueDegradedRatio = 1 });   // the bounds themselves
    }
}
