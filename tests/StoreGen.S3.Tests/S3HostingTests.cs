using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreGen.Hosting;
using StoreGen.Persistence;
using StoreGen.Tests;
using Xunit;

namespace StoreGen.S3.Tests;

/// <summary>STORE_BACKEND=s3 in a host, with an s3rver of the test's own that is stopped and restarted.</summary>
public sealed class S3HostingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ListLogger _log = new();

    private IHost BuildHost(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_log);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        builder.Services.AddStoreGen().AddStore<IngressStore>().AddStore<InvoiceStore>().AddS3();
        return builder.Build();
    }

    private static Dictionary<string, string?> S3(Uri endpoint, string prefix) => new()
    {
        ["STORE_BACKEND"] = "s3", ["S3_BUCKET"] = S3rverProcess.Bucket, ["S3_ENDPOINT"] = endpoint.ToString(),
        ["S3_KEY_PREFIX"] = prefix, ["S3_MAX_RETRIES"] = "0",
    };

    private static Task<PersistAttempt> NextAttempt(StorePersistence persistence) => PersistAttempts.Next(persistence, Patience);

    private static async Task<InvoiceStore> ReadBack(Uri endpoint, string prefix)
    {
        var invoices = new InvoiceStore();
        using var backend = S3SnapshotBackend.Create(new S3SnapshotOptions { Bucket = S3rverProcess.Bucket, Endpoint = endpoint, KeyPrefix = prefix });
        var outcome = await new PersistentStoreGroup(backend, new IPersistableStore[] { new IngressStore(), invoices }).RestoreAsync();
        Assert.Equal(RestoreOutcome.Restored, outcome);
        return invoices;
    }

    [Fact]
    public async Task Unreachable_at_startup_starts_empty_with_a_warning_and_never_clobbers_the_snapshot()
    {
        using var server = new S3rverProcess();
        string prefix = "unreachable";
        using (var seeding = BuildHost(S3(server.Endpoint, prefix)))
        {
            await seeding.StartAsync();
            seeding.Services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Enterprise, 99m));
            await seeding.StopAsync();   // flush
        }
        server.Stop();

        using (var host = BuildHost(S3(server.Endpoint, prefix), TestClock.New()))   // the clock holds back the background retry
        {
            await host.StartAsync();
            var persistence = host.Services.GetRequiredService<StorePersistence>();
            Assert.Equal(RestoreOutcome.Unreachable, persistence.Outcome);
            Assert.True(_log.Has(LogLevel.Warning, $"Could not reach s3://{S3rverProcess.Bucket}/{prefix}/snapshot.json at {server.Endpoint} to restore IngressStore, InvoiceStore"));
            var invoices = host.Services.GetRequiredService<InvoiceStore>();
            Assert.Equal(0, invoices.Count);                                   // empty, serving
            invoices.Upsert(new Invoice(2, Tier.Free, 1m));
            server.Start();                                                     // back before this process persists
            var refused = await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
            Assert.Contains("could not be read", refused.Message, StringComparison.Ordinal);
            await host.StopAsync();                                             // the shutdown flush does not write either
        }

        var kept = await ReadBack(server.Endpoint, prefix);
        Assert.Equal(99m, kept.Get(1)?.Amount);
        Assert.Null(kept.Get(2));
    }

    [Fact]
    public async Task Server_lost_mid_run_persists_fail_clearly_and_retry_with_backoff_until_it_returns()
    {
        using var server = new S3rverProcess();
        string prefix = "midrun";
        var clock = TestClock.New();
        var settings = S3(server.Endpoint, prefix);
        settings["STORE_PERSIST_INTERVAL"] = "30";
        settings["STORE_RETRY_DELAY"] = "1";
        settings["STORE_MAX_RETRY_DELAY"] = "8";
        using var host = BuildHost(settings, clock);
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        Assert.Equal(RestoreOutcome.NoSnapshot, persistence.Outcome);
        var invoices = host.Services.GetRequiredService<InvoiceStore>();
        invoices.Upsert(new Invoice(1, Tier.Pro, 10m));
        var reported = NextAttempt(persistence);
        Assert.True(await persistence.PersistAsync());
        Assert.True((await reported).Written);                                 // reported once the loop re-planned

        server.Stop();
        invoices.Upsert(new Invoice(2, Tier.Pro, 20m));
        reported = NextAttempt(persistence);
        var error = await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        Assert.Contains($"writing the snapshot to s3://{S3rverProcess.Bucket}/{prefix}/snapshot.json at {server.Endpoint}", error.Message, StringComparison.Ordinal);
        Assert.Contains("the previous snapshot is intact", error.Message, StringComparison.Ordinal);
        Assert.Equal(20m, invoices.Get(2)?.Amount);                            // reads keep working
        var first = await reported;
        Assert.Equal(1, first.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(1), first.NextAttemptAt);

        reported = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await reported;
        Assert.False(second.Succeeded);
        Assert.Equal(PersistTrigger.Interval, second.Trigger);
        Assert.Equal(2, second.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(2), second.NextAttemptAt);

        server.Start();
        reported = NextAttempt(persistence);
        clock.Advance(TimeSpan.FromSeconds(2));
        var recovered = await reported;
        Assert.True(recovered.Succeeded);
        Assert.True(recovered.Written);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), recovered.NextAttemptAt);
        await host.StopAsync();

        var stored = await ReadBack(server.Endpoint, prefix);
        Assert.Equal(20m, stored.Get(2)?.Amount);
    }

    [Fact]
    public async Task S3_settings_bind_with_the_claims_cache_defaults_and_missing_ones_fail_startup()
    {
        var options = new S3SnapshotOptions();
        S3StoreGenBuilderExtensions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3_BUCKET"] = "my-xp-tracker-bucket", ["S3_ENDPOINT"] = "http://minio:9000", ["StoreGen:S3:ConditionalWrites"] = "true",
        }).Build());
        Assert.Equal(("my-xp-tracker-bucket", "storegen", "us-east-1", "storegen/snapshot.json", true),
            (options.Bucket, options.KeyPrefix, options.Region, options.Key, options.ConditionalWrites));
        Assert.Equal(new Uri("http://minio:9000"), options.Endpoint);

        var bad = Assert.Throws<StoreGenConfigurationException>(() => S3StoreGenBuilderExtensions.Bind(new S3SnapshotOptions(),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["S3_ENDPOINT"] = "minio:9000" }).Build()));
        Assert.Equal("S3_ENDPOINT", bad.Setting);

        // The options pattern: services.Configure<S3SnapshotOptions> runs after the code defaults and configuration.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = "s3", ["S3_BUCKET"] = S3Settings.Bucket, ["S3_ENDPOINT"] = S3Settings.Endpoint.ToString(), ["S3_OBJECT_NAME"] = "from-config.json",
        });
        builder.Services.AddStoreGen().AddStore<InvoiceStore>().AddS3(s3 => s3.KeyPrefix = "from-code");
        builder.Services.Configure<S3SnapshotOptions>(s3 => s3.ObjectName = "claims.json");
        using (var configured = builder.Build())
        {
            await configured.StartAsync();
            Assert.Equal($"s3://{S3Settings.Bucket}/from-code/claims.json at {S3Settings.Endpoint}", configured.Services.GetRequiredService<StorePersistence>().Location);
            await configured.StopAsync();
        }

        using var host = BuildHost(new() { ["STORE_BACKEND"] = "s3" });
        var missing = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => host.StartAsync());
        Assert.Equal("S3_BUCKET", missing.Setting);
        Assert.Equal("S3_BUCKET: is required when STORE_BACKEND is s3", missing.Message);
    }
}
