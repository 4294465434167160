using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>AddStoreGen(…).AddHealthChecks(): each status by each snapshot rule, through the host's HealthCheckService.</summary>
public sealed class HealthCheckTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-health-").FullName;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = TestClock.New();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private IHost BuildHost(Dictionary<string, string?> settings, Action<IHealthChecksBuilder>? checks = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_clock);
        var storegen = builder.Services.AddStoreGen().AddStore<IngressStore>().AddStore<InvoiceStore>();
        if (checks is null)
        {
            storegen.AddHealthChecks();
        }
        else
        {
            checks(builder.Services.AddHealthChecks());
        }
        return builder.Build();
    }

    private Dictionary<string, string?> FileSettings(string path, string policy = "merge") =>
        new() { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = path, ["STORE_RESTORE_POLICY"] = policy, ["STORE_PERSIST_INTERVAL"] = "30" };

    private static async Task<HealthReportEntry> CheckAsync(IHost host, string name = "storegen")
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[name];
    }

    private void WriteCorruptSnapshot(string path) =>
        File.WriteAllText(path, "{\"format\":1,\"stores\":{\"IngressStore\":{\"items\":[{\"namespace\":");

    [Fact]
    public async Task A_restored_file_backend_is_healthy_and_its_data_says_what_was_persisted()
    {
        string path = PathOf("stores.json");
        using var host = BuildHost(FileSettings(path));
        await host.StartAsync();

        var fresh = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, fresh.Status);
        Assert.Equal($"There was no snapshot at file {path} yet; the stores are persisted there.", fresh.Description);
        Assert.Equal("file", fresh.Data["backend"]);
        Assert.Equal("file " + path, fresh.Data["location"]);
        Assert.Equal("NoSnapshot", fresh.Data["outcome"]);
        Assert.Equal(false, fresh.Data["blocked"]);
        Assert.Equal("none", fresh.Data["lastPersist"]);
        Assert.Equal(0, fresh.Data["failures"]);

        host.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        var attempt = PersistAttempts.Next(host.Services.GetRequiredService<StorePersistence>(), Patience);
        Assert.True(await host.Services.GetRequiredService<StorePersistence>().PersistAsync());
        await attempt;
        var persisted = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, persisted.Status);
        Assert.Equal("written", persisted.Data["lastPersist"]);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), persisted.Data["nextAttemptAt"]);
        await host.StopAsync();

        using var again = BuildHost(FileSettings(path));
        await again.StartAsync();
        var restored = await CheckAsync(again);
        Assert.Equal(HealthStatus.Healthy, restored.Status);
        Assert.Equal($"The stores were restored from file {path} and are persisted there.", restored.Description);
        Assert.Equal("Restored", restored.Data["outcome"]);
        await again.StopAsync();
    }

    [Fact]
    public async Task Stores_not_restored_yet_are_unhealthy()
    {
        using var host = BuildHost(FileSettings(PathOf("stores.json")));
        var entry = await CheckAsync(host);                      // the host has not started: nothing restored
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("the stores are not restored yet: the host has not started their persistence (backend file).", entry.Description);
        Assert.Equal("NotRestored", entry.Data["outcome"]);
    }

    [Fact]
    public async Task A_failed_restore_under_the_wait_policy_is_unhealthy()
    {
        string path = PathOf("corrupt.json");
        WriteCorruptSnapshot(path);
        using var host = BuildHost(FileSettings(path, "wait"));
        await Assert.ThrowsAsync<StoreException>(() => host.StartAsync());

        var entry = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"the stores are not restored from file {path} and the restore policy is wait (Failed: ", entry.Description, StringComparison.Ordinal);
        Assert.Equal("Failed", entry.Data["outcome"]);
        Assert.Equal("Wait", entry.Data["restorePolicy"]);
        Assert.Equal(true, entry.Data["blocked"]);
        Assert.IsType<string>(entry.Data["restoreError"]);
    }

    [Fact]
    public async Task A_failed_restore_with_blocked_persistence_is_unhealthy_until_data_loss_is_accepted()
    {
        string path = PathOf("corrupt.json");
        WriteCorruptSnapshot(path);
        using var host = BuildHost(FileSettings(path));
        await host.StartAsync();

        var blocked = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, blocked.Status);
        Assert.Equal($"the snapshot at file {path} could not be restored (Failed) and nothing is persisted until data loss is accepted.", blocked.Description);
        Assert.Equal(true, blocked.Data["blocked"]);
        Assert.Equal("Failed", blocked.Data["outcome"]);

        host.Services.GetRequiredService<StorePersistence>().AcceptDataLoss();
        var accepted = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, accepted.Status);
        Assert.Equal($"The snapshot at file {path} could not be read (Failed) and data loss was accepted; the stores are persisted there.", accepted.Description);
        Assert.Equal(false, accepted.Data["blocked"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_registration_failure_status_replaces_unhealthy()
    {
        string path = PathOf("corrupt.json");
        WriteCorruptSnapshot(path);
        using var host = BuildHost(FileSettings(path), checks => checks.AddStoreGen("stores", failureStatus: HealthStatus.Degraded, tags: ["ready"]));
        await host.StartAsync();
        var entry = await CheckAsync(host, "stores");
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("could not be restored (Failed)", entry.Description, StringComparison.Ordinal);
        Assert.Equal(["ready"], entry.Tags);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_backend_is_degraded_while_the_restore_retries_then_healthy_once_it_reads()
    {
        // A unix socket at the snapshot path exists but cannot be read: the file backend is unreachable, for real.
        string path = PathOf("stores.json");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        using var host = BuildHost(new(FileSettings(path)) { ["STORE_RETRY_DELAY"] = "1", ["STORE_MAX_RETRY_DELAY"] = "1" });
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();

        var retrying = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, retrying.Status);
        Assert.StartsWith($"file {path} is unreachable: persisting is blocked while the restore is retried in the background (", retrying.Description, StringComparison.Ordinal);
        Assert.Equal("Unreachable", retrying.Data["outcome"]);
        Assert.Equal(true, retrying.Data["blocked"]);
        Assert.Equal("Merge", retrying.Data["restorePolicy"]);

        socket.Dispose();
        File.Delete(path);                                       // the backend comes back (empty)
        var restored = PersistAttempts.NextRestore(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RestoreOutcome.NoSnapshot, await restored);
        var healthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(false, healthy.Data["blocked"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_failed_persist_is_degraded_with_the_failure_count_and_the_next_attempt_then_healthy_once_it_succeeds()
    {
        // The snapshot's directory is a regular file, so writing fails for real until the file is removed.
        string blocker = PathOf("blocker");
        File.WriteAllText(blocker, "not a directory");
        string path = Path.Combine(blocker, "stores.json");
        using var host = BuildHost(new(FileSettings(path)) { ["STORE_RETRY_DELAY"] = "1", ["STORE_MAX_RETRY_DELAY"] = "4" });
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        host.Services.GetRequiredService<IngressStore>().Upsert(Make.Ingress("default", "web", uid: 1));

        var start = _clock.GetUtcNow();
        var attempt = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await attempt;
        attempt = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await attempt;

        var failing = await CheckAsync(host);
        var next = start + TimeSpan.FromSeconds(33);
        Assert.Equal(HealthStatus.Degraded, failing.Status);
        Assert.StartsWith($"the last persist to file {path} failed (2 in a row, next attempt at {next:O}): ", failing.Description, StringComparison.Ordinal);
        Assert.Equal("failed", failing.Data["lastPersist"]);
        Assert.Equal(2, failing.Data["failures"]);
        Assert.Equal(next, failing.Data["nextAttemptAt"]);
        Assert.IsType<string>(failing.Data["lastPersistError"]);
        Assert.Equal(false, failing.Data["blocked"]);

        File.Delete(blocker);
        attempt = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await attempt).Succeeded);
        var recovered = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
        Assert.Equal(0, recovered.Data["failures"]);
        Assert.False(recovered.Data.ContainsKey("lastPersistError"));
        await host.StopAsync();
    }

    [Fact]
    public void Thresholds_out_of_range_are_refused_naming_them()
    {
        var services = new ServiceCollection();
        var lag = Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddStoreGen(configure: o => o.MaxLag = TimeSpan.Zero));
        Assert.Equal("MaxLag", lag.ParamName);
        var ratio = Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddStoreGen(configure: o => o.QueueDegradedRatio = 1.5));
        Assert.Equal("QueueDegradedRatio", ratio.ParamName);
    }

    [Fact]
    public async Task The_memory_backend_is_unhealthy_until_started_then_healthy_saying_nothing_is_persisted()
    {
        using var host = BuildHost(new() { ["STORE_BACKEND"] = "memory" });
        var before = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("the stores are not restored yet: the host has not started their persistence (backend memory).", before.Description);

        await host.StartAsync();
        var started = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, started.Status);
        Assert.Equal("The stores are kept in memory only (STORE_BACKEND=memory).", started.Description);
        Assert.Equal("memory", started.Data["location"]);
        Assert.Equal("NoSnapshot", started.Data["outcome"]);
        Assert.Equal(false, started.Data["blocked"]);
        Assert.False(started.Data.ContainsKey("restoreError"));
        await host.StopAsync();
    }

    [Fact]
    public void Registrations_carry_the_name_status_tags_and_timeout_given_and_refuse_a_missing_builder_or_name()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddStoreGen("direct", failureStatus: HealthStatus.Degraded, tags: ["live"], timeout: TimeSpan.FromSeconds(3));
        services.AddStoreGen().AddHealthChecks(name: "built", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var direct = Assert.Single(registrations, r => r.Name == "direct");
        Assert.Equal((HealthStatus.Degraded, TimeSpan.FromSeconds(3)), (direct.FailureStatus, direct.Timeout));
        Assert.Equal(["live"], direct.Tags);
        var built = Assert.Single(registrations, r => r.Name == "built");
        Assert.Equal(HealthStatus.Degraded, built.FailureStatus);
        Assert.Equal(["ready"], built.Tags);

        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddStoreGen()).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((StoreGenBuilder)null!).AddHealthChecks()).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => services.AddHealthChecks().AddStoreGen(" ")).ParamName);
    }

    [Fact]
    public async Task A_persist_that_found_nothing_changed_is_unchanged_and_a_failure_without_the_loop_has_no_retry_scheduled()
    {
        var backend = new MemoryBackend();
        var services = new ServiceCollection();
        services.AddStoreGen(o => o.Backend = "test").AddSnapshotBackend("test", (_, _) => backend).AddStore<InvoiceStore>();
        using var provider = services.BuildServiceProvider();
        var persistence = provider.GetRequiredService<StorePersistence>();
        await persistence.StartingAsync(default);                // restored; the background loop is not running
        var check = new StoreGenHealthCheck(provider);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("direct", check, null, null) };

        Assert.False(await persistence.PersistAsync());
        var unchanged = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Healthy, unchanged.Status);
        Assert.Equal("unchanged", unchanged.Data["lastPersist"]);
        Assert.False(unchanged.Data.ContainsKey("nextAttemptAt"));

        provider.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        backend.FailNextWrite = new IOException("disk full");
        await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        var failed = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Degraded, failed.Status);
        Assert.StartsWith("the last persist to memory backend failed (1 in a row, no retry scheduled): InvoiceStore.Persist", failed.Description, StringComparison.Ordinal);
        Assert.EndsWith("disk full.", failed.Description, StringComparison.Ordinal);
        Assert.Equal(1, failed.Data["failures"]);
    }
}
