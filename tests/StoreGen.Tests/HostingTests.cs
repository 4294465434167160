using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>AddStoreGen, configuration by STORE_BACKEND and friends, and the hosted persistence service.</summary>
public sealed class HostingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-hosting-").FullName;
    private readonly ListLogger _log = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private IHost BuildHost(Dictionary<string, string?> settings, Action<StoreGenBuilder>? extra = null, TimeProvider? clock = null,
        Action<StorePersistenceOptions>? defaults = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_log);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        var storegen = builder.Services.AddStoreGen(defaults).AddStore<IngressStore>().AddStore<InvoiceStore>();
        extra?.Invoke(storegen);
        return builder.Build();
    }

    private static StorePersistenceOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new StorePersistenceOptions();
        StoreGenSettings.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    private static Task<PersistAttempt> NextAttempt(StorePersistence persistence) => PersistAttempts.Next(persistence, Patience);

    [Fact]
    public void Environment_names_and_the_StoreGen_section_bind_without_reflection()
    {
        var options = Bind(new()
        {
            ["STORE_BACKEND"] = "File",
            ["STORE_FILE_PATH"] = "/var/lib/app/s.json",
            ["STORE_FILE_COMPRESS"] = "true",
            ["STORE_PERSIST_INTERVAL"] = "45",
            ["STORE_RETRY_DELAY"] = "00:00:02",
            ["StoreGen:MaxRetryDelay"] = "00:05:00",
            ["StoreGen:AcceptDataLoss"] = "yes",
        });
        Assert.Equal("file", options.Backend);
        Assert.Equal("/var/lib/app/s.json", options.FilePath);
        Assert.True(options.Compress);
        Assert.Equal(TimeSpan.FromSeconds(45), options.PersistInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxRetryDelay);
        Assert.True(options.AcceptDataLoss);
        Assert.False(options.RequireRestore);

        Assert.Equal("file", Bind(new() { ["STORE_TYPE"] = "file" }).Backend);                              // the feature-flag store's name
        Assert.Equal("s3", Bind(new() { ["StoreGen:Backend"] = "file", ["STORE_BACKEND"] = "s3" }).Backend); // environment wins
        Assert.Equal("memory", Bind(new()).Backend);
    }

    [Theory]
    [InlineData("STORE_BACKEND", "file", "STORE_TYPE", "s3", "STORE_BACKEND", "STORE_TYPE is 's3'")]
    [InlineData("STORE_PERSIST_INTERVAL", "soon", null, null, "STORE_PERSIST_INTERVAL", "'soon' is not a duration")]
    [InlineData("STORE_FILE_COMPRESS", "maybe", null, null, "STORE_FILE_COMPRESS", "'maybe' is not a boolean")]
    public void Invalid_settings_are_rejected_naming_the_setting(string name, string value, string? name2, string? value2, string setting, string fragment)
    {
        var settings = new Dictionary<string, string?> { [name] = value };
        if (name2 is not null)
        {
            settings[name2] = value2;
        }
        var error = Assert.Throws<StoreGenConfigurationException>(() => Bind(settings));
        Assert.Equal(setting, error.Setting);
        Assert.StartsWith(setting + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STORE_BACKEND", "mongo", "unknown backend 'mongo'; known backends: memory, file")]
    [InlineData("STORE_BACKEND", "s3", "reference the StoreGen.S3 package and call AddS3()")]
    [InlineData("STORE_TYPE", "postgres", "unknown backend 'postgres' (reference the StoreGen.Postgres package and call AddPostgres()")]
    [InlineData("STORE_TYPE", "mongo", "unknown backend 'mongo'; known backends: memory, file")]
    public async Task An_unknown_backend_fails_startup_naming_the_setting_that_chose_it(string setting, string backend, string fragment)
    {
        using var host = BuildHost(new() { [setting] = backend });
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal(setting, error.Setting);
        Assert.StartsWith(setting + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_sets_defaults_and_configuration_overrides_them()
    {
        using var host = BuildHost(new() { ["STORE_FILE_PATH"] = PathOf("from-config.json") },
            defaults: o => { o.Backend = "file"; o.FilePath = PathOf("from-code.json"); o.PersistInterval = TimeSpan.Zero; });
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        Assert.Equal("file", persistence.Options.Backend);
        Assert.Equal(PathOf("from-config.json"), persistence.Options.FilePath);
        await host.StartAsync();
        Assert.Equal("file " + PathOf("from-config.json"), persistence.Location);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_host_restores_before_serving_and_flushes_on_graceful_shutdown()
    {
        var settings = new Dictionary<string, string?> { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = PathOf("stores.json") };
        using (var first = BuildHost(settings))
        {
            await first.StartAsync();
            var persistence = first.Services.GetRequiredService<StorePersistence>();
            Assert.Equal(RestoreOutcome.NoSnapshot, persistence.Outcome);
            Assert.True(_log.Has(LogLevel.Information, "No snapshot at file " + PathOf("stores.json")));
            first.Services.GetRequiredService<IngressStore>().Upsert(Make.Ingress("default", "web", uid: 1));
            first.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(7, Tier.Pro, 12.5m));
            Assert.False(File.Exists(PathOf("stores.json")));   // the interval (30 s) has not passed
            await first.StopAsync();
        }
        Assert.True(File.Exists(PathOf("stores.json")));

        using var second = BuildHost(settings);
        await second.StartAsync();
        Assert.Equal(RestoreOutcome.Restored, second.Services.GetRequiredService<StorePersistence>().Outcome);
        Assert.Equal("web", second.Services.GetRequiredService<IngressStore>().Get("default", "web")?.Name);
        Assert.Equal(12.5m, second.Services.GetRequiredService<InvoiceStore>().Get(7)?.Amount);
        await second.StopAsync();
    }

    [Fact]
    public async Task Explicit_PersistAsync_writes_now_and_skips_when_nothing_changed()
    {
        using var host = BuildHost(new() { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = PathOf("explicit.json") });
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        host.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        Assert.True(await persistence.PersistAsync());
        Assert.True(File.Exists(PathOf("explicit.json")));
        var written = File.GetLastWriteTimeUtc(PathOf("explicit.json"));
        File.SetLastWriteTimeUtc(PathOf("explicit.json"), written.AddDays(-1));
        Assert.False(await persistence.PersistAsync());   // no version moved
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(PathOf("explicit.json")));
        Assert.True(persistence.LastAttempt is { Succeeded: true, Written: false, Trigger: PersistTrigger.Explicit });
        await host.StopAsync();
    }

    [Fact]
    public async Task The_memory_backend_persists_nothing()
    {
        using var host = BuildHost(new() { ["STORE_BACKEND"] = "memory" });
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        host.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        Assert.False(await persistence.PersistAsync());
        Assert.Equal(RestoreOutcome.NoSnapshot, persistence.Outcome);
        Assert.Equal("memory", persistence.Location);
        await host.StopAsync();
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Failed_background_persists_retry_with_exponential_backoff_and_reads_keep_working()
    {
        var clock = TestClock.New();
        // The snapshot's directory is a regular file, so writing fails for real until the file is removed.
        string blocker = PathOf("blocker");
        File.WriteAllText(blocker, "not a directory");
        using var host = BuildHost(new()
        {
            ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = Path.Combine(blocker, "stores.json"),
            ["STORE_PERSIST_INTERVAL"] = "30", ["STORE_RETRY_DELAY"] = "1", ["STORE_MAX_RETRY_DELAY"] = "3",
        }, clock: clock);
        var failures = new List<(string Operation, string Result)>();
        using var listener = ListenToPersistence(failures);
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        var ingresses = host.Services.GetRequiredService<IngressStore>();
        ingresses.Upsert(Make.Ingress("default", "web", uid: 1));

        var start = clock.GetUtcNow();
        var attempt = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(30));
        var first = await attempt;
        Assert.False(first.Succeeded);
        Assert.Equal(1, first.ConsecutiveFailures);
        Assert.Contains("IngressStore+InvoiceStore.Persist", first.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(blocker, "stores.json"), first.Error.Message, StringComparison.Ordinal);
        Assert.Equal(start + TimeSpan.FromSeconds(31), first.NextAttemptAt);              // retry after 1 s
        Assert.NotNull(ingresses.Get("default", "web"));                            // reads keep working

        attempt = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await attempt;
        Assert.Equal(2, second.ConsecutiveFailures);
        Assert.Equal(start + TimeSpan.FromSeconds(33), second.NextAttemptAt);             // then 2 s

        attempt = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(2));
        var third = await attempt;
        Assert.Equal(3, third.ConsecutiveFailures);
        Assert.Equal(start + TimeSpan.FromSeconds(36), third.NextAttemptAt);             // capped at 3 s
        Assert.True(_log.Has(LogLevel.Warning, "failed (3 in a row, Interval); retrying in 00:00:03"));

        File.Delete(blocker);                                                             // the backend comes back
        attempt = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(3));
        var recovered = await attempt;
        Assert.True(recovered.Succeeded);
        Assert.True(recovered.Written);
        Assert.Equal(start + TimeSpan.FromSeconds(66), recovered.NextAttemptAt);          // back to the interval
        Assert.True(File.Exists(Path.Combine(blocker, "stores.json")));
        await host.StopAsync();

        Assert.Equal(3, failures.Count(f => f == ("persist", "failed")));
        Assert.Contains(("persist", "written"), failures);
        Assert.Contains(("restore", "no_snapshot"), failures);
    }

    [Fact]
    public async Task An_unreadable_snapshot_is_never_overwritten_unless_data_loss_is_accepted()
    {
        string path = PathOf("corrupt.json");
        File.WriteAllText(path, "{\"format\":1,\"stores\":{\"IngressStore\":{\"items\":[{\"namespace\":");
        var settings = new Dictionary<string, string?> { ["STORE_BACKEND"] = "file", ["STORE_FILE_PATH"] = path };
        using (var host = BuildHost(settings))
        {
            await host.StartAsync();
            var persistence = host.Services.GetRequiredService<StorePersistence>();
            Assert.Equal(RestoreOutcome.Failed, persistence.Outcome);
            Assert.True(_log.Has(LogLevel.Warning, "Could not restore IngressStore, InvoiceStore from file " + path));
            var store = host.Services.GetRequiredService<InvoiceStore>();
            Assert.Equal(0, store.Count);
            store.Upsert(new Invoice(1, Tier.Free, 1m));
            var refused = await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
            Assert.Contains("could not be restored", refused.Message, StringComparison.Ordinal);
            Assert.Contains("AcceptDataLoss", refused.Message, StringComparison.Ordinal);
            await host.StopAsync();                                                        // no flush over it either
            Assert.True(_log.Has(LogLevel.Warning, "Not persisting IngressStore, InvoiceStore"));
        }
        Assert.StartsWith("{\"format\":1,\"stores\":{\"IngressStore\":{\"items\":[{\"namespace\":", File.ReadAllText(path), StringComparison.Ordinal);

        settings["STORE_REQUIRE_RESTORE"] = "true";
        using (var strict = BuildHost(settings))
        {
            var error = await Assert.ThrowsAsync<StoreException>(() => strict.StartAsync());
            Assert.Contains("STORE_REQUIRE_RESTORE", error.Message, StringComparison.Ordinal);
        }

        settings.Remove("STORE_REQUIRE_RESTORE");
        settings["STORE_ACCEPT_DATA_LOSS"] = "true";
        using (var accepting = BuildHost(settings))
        {
            await accepting.StartAsync();
            accepting.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(2, Tier.Pro, 2m));
            Assert.True(await accepting.Services.GetRequiredService<StorePersistence>().PersistAsync());
            await accepting.StopAsync();
        }
        var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new IPersistableStore[] { new IngressStore(), new InvoiceStore() });
        Assert.Equal(RestoreOutcome.Restored, await group.RestoreAsync());
    }

    [Fact]
    public async Task A_container_disposed_synchronously_stops_the_loop_without_throwing()
    {
        var services = new ServiceCollection()
            .AddStoreGen(o => { o.Backend = "file"; o.FilePath = PathOf("sync.json"); })
            .AddStore<InvoiceStore>()
            .Services.BuildServiceProvider();
        var persistence = services.GetRequiredService<StorePersistence>();
        await persistence.StartAsync(default);
        services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        services.Dispose();                                    // no graceful stop: nothing is flushed
        Assert.False(File.Exists(PathOf("sync.json")));
    }

    private static MeterListener ListenToPersistence(List<(string Operation, string Result)> seen)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "StoreGen" && instrument.Name == "storegen.persistence.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? operation = null, result = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "storegen.operation") operation = (string?)tag.Value;
                if (tag.Key == "storegen.result") result = (string?)tag.Value;
            }
            lock (seen)
            {
                seen.Add((operation!, result!));
            }
        });
        listener.Start();
        return listener;
    }
}
