using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
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

/// <summary>A backend unreachable at startup: the restore policy decides, and with merge nothing written is lost.</summary>
public sealed class S3RestoreRetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ListLogger _log = new();

    private IHost BuildHost(Uri endpoint, string prefix, TimeProvider clock, string? policy = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["STORE_BACKEND"] = "s3", ["S3_BUCKET"] = S3rverProcess.Bucket, ["S3_ENDPOINT"] = endpoint.ToString(),
            ["S3_KEY_PREFIX"] = prefix, ["S3_MAX_RETRIES"] = "0",
            ["STORE_PERSIST_INTERVAL"] = "30", ["STORE_RETRY_DELAY"] = "1", ["STORE_MAX_RETRY_DELAY"] = "8",
        };
        if (policy is not null)
        {
            settings["STORE_RESTORE_POLICY"] = policy;
        }
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_log);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(clock);
        builder.Services.AddStoreGen().AddStore<IngressStore>().AddStore<InvoiceStore>().AddS3();
        return builder.Build();
    }

    private static Task<RestoreOutcome> NextRestore(StorePersistence persistence) => PersistAttempts.NextRestore(persistence, Patience);

    private static async Task Seed(Uri endpoint, string prefix, params Invoice[] invoices)
    {
        using var backend = S3SnapshotBackend.Create(new S3SnapshotOptions { Bucket = S3rverProcess.Bucket, Endpoint = endpoint, KeyPrefix = prefix });
        var store = new InvoiceStore();
        store.UpsertMany(invoices);
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { new IngressStore(), store });
        await group.RestoreAsync();
        Assert.True(await group.PersistAsync());
    }

    private static async Task<InvoiceStore> ReadBack(Uri endpoint, string prefix)
    {
        var invoices = new InvoiceStore();
        using var backend = S3SnapshotBackend.Create(new S3SnapshotOptions { Bucket = S3rverProcess.Bucket, Endpoint = endpoint, KeyPrefix = prefix });
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(backend, new IPersistableStore[] { new IngressStore(), invoices }).RestoreAsync());
        return invoices;
    }

    [Fact]
    public async Task Merge_retries_the_restore_in_the_background_merges_and_then_persists_what_was_written_meanwhile()
    {
        using var server = new S3rverProcess();
        const string prefix = "merge";
        await Seed(server.Endpoint, prefix, new Invoice(1, Tier.Enterprise, 99m), new Invoice(2, Tier.Pro, 20m));
        server.Stop();
        var clock = TestClock.New();
        var blocked = new List<int>();
        using var host = BuildHost(server.Endpoint, prefix, clock);
        using var listener = ListenToBlocked(blocked, host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        var persistence = host.Services.GetRequiredService<StorePersistence>();
        Assert.Equal(RestoreOutcome.Unreachable, persistence.Outcome);
        Assert.True(persistence.IsBlocked);
        listener.RecordObservableInstruments();
        Assert.Equal(1, blocked.Last());
        var warnings = _log.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var warning = Assert.Single(warnings);                                  // one line, no stack
        Assert.Null(warning.Error);
        Assert.Contains("Could not reach s3://", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", warning.Message, StringComparison.Ordinal);
        Assert.Contains("retried in 00:00:01", warning.Message, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Debug && e.Error is not null);   // the full error, at debug

        var invoices = host.Services.GetRequiredService<InvoiceStore>();
        invoices.Upsert(new Invoice(2, Tier.Free, 2.5m));                       // written since startup: wins over the snapshot
        invoices.Upsert(new Invoice(3, Tier.Free, 3m));

        var retry = NextRestore(persistence);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RestoreOutcome.Unreachable, await retry);                  // still down: backs off to 2 s
        Assert.True(persistence.IsBlocked);

        server.Start();
        retry = NextRestore(persistence);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RestoreOutcome.Restored, await retry);
        Assert.False(persistence.IsBlocked);
        Assert.Equal(99m, invoices.Get(1)?.Amount);                              // from the snapshot
        Assert.Equal(2.5m, invoices.Get(2)?.Amount);                             // the application's write
        Assert.Equal(3m, invoices.Get(3)?.Amount);
        Assert.True(persistence.LastAttempt is { Written: true, Succeeded: true });   // persisted right after the merge
        listener.RecordObservableInstruments();
        Assert.Equal(0, blocked.Last());
        await host.StopAsync();

        var stored = await ReadBack(server.Endpoint, prefix);
        Assert.Equal((99m, 2.5m, 3m), (stored.Get(1)!.Amount, stored.Get(2)!.Amount, stored.Get(3)!.Amount));
    }

    [Fact]
    public async Task Wait_fails_startup_when_the_backend_is_unreachable()
    {
        using var server = new S3rverProcess();
        server.Stop();
        using var host = BuildHost(server.Endpoint, "wait", TestClock.New(), policy: "wait");
        var error = await Assert.ThrowsAsync<StoreException>(() => host.StartAsync());
        Assert.Equal(("IngressStore, InvoiceStore", "Restore"), (error.StoreName, error.Operation));
        Assert.Contains("the restore policy is wait (STORE_RESTORE_POLICY=wait", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Listens to the blocked gauge of this host's meters only (other tests' hosts run in parallel).</summary>
    private static MeterListener ListenToBlocked(List<int> seen, IMeterFactory meters)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "StoreGen" && instrument.Name == "storegen.persistence.blocked" && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (seen)
            {
                seen.Add(value);
            }
        });
        listener.Start();
        return listener;
    }
}
