using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace StoreGen.Postgres.Tests;

/// <summary>What a replica reports and polls between notifications: the lag after a reset, and stores no notification names.</summary>
public sealed class PollingTests : DatabaseTests
{
    [Fact]
    public async Task The_lag_reads_zero_after_a_reset_reload()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var writer = new FlagStore();
        var behind = new FlagStore();
        var writerBackend = await Db.StartAsync(options => options.TombstoneRetention = 0, writer);
        var behindBackend = await Db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, null, meters, behind);
        writer.Upsert(new Flag("gone", "prod", true, 1, null));
        writer.Upsert(new Flag("kept", "prod", true, 2, null));
        await writer.WhenDurableAsync();
        writer.Remove("gone", "prod");
        await writer.WhenDurableAsync();
        Assert.Equal(1, await writerBackend.PurgeTombstonesAsync(CancellationToken.None));   // the replica must reload
        await behindBackend.SyncAsync(CancellationToken.None);

        Assert.Equal(1, behindBackend.Resets);
        Assert.Equal(new Flag("kept", "prod", true, 2, null), Assert.Single(behind));
        Assert.Equal(new Dictionary<string, long> { ["FlagStore"] = 0 }, Lags(meters));
    }

    [Fact]
    public async Task Every_store_is_polled_once_a_poll_interval_while_notifications_for_another_keep_coming()
    {
        var clock = StoreGen.Tests.TestClock.New();
        var flags = new FlagStore();
        var accounts = new AccountStore();
        var writerFlags = new FlagStore();
        var writerAccounts = new AccountStore();
        // Real time never ends a wait (an hour); the replica's clock, advanced by the test, says when the interval is up.
        var reader = await Db.StartAsync(options => options.PollInterval = TimeSpan.FromHours(1), clock, null, flags, accounts);
        await Db.StartAsync(writerFlags, writerAccounts);
        writerFlags.Upsert(new Flag("quiet", "prod", true, 1, null));
        await writerFlags.WhenDurableAsync();
        await Converge.UntilAsync(flags, s => s.Get("quiet", "prod") is not null, "the reader has the flag");

        // A change of the flag store whose notification is lost: committed without NOTIFY.
        Assert.Equal(1, await Db.ScalarAsync<int>(
            $"WITH v AS (UPDATE {Db.QuotedSchema}.\"storegen_versions\" SET version = version + 1 WHERE store = 'FlagStore' RETURNING version), " +
            $"u AS (UPDATE {Db.QuotedSchema}.\"storegen_FlagStore\" SET sg_item = jsonb_set(sg_item, '{{rollout}}', '77'), sg_version = (SELECT version FROM v) WHERE \"Key\" = 'quiet' RETURNING 1) " +
            "SELECT count(*)::int FROM u"));
        await WriteAccountAsync(writerAccounts, accounts, "within-the-interval");   // notified: the account store is polled
        Assert.Equal(1, flags.Get("quiet", "prod")!.Rollout);

        clock.Advance(TimeSpan.FromHours(1));
        await WriteAccountAsync(writerAccounts, accounts, "after-the-interval");    // a notification once the interval is up: every store
        await Converge.UntilAsync(flags, s => s.Get("quiet", "prod")?.Rollout == 77, "the flag store is polled once the poll interval is up");
        Assert.Null(reader.LastError);
    }

    /// <summary>Writes an account on the writer and waits (bounded) until the reader's store has it.</summary>
    private static async Task WriteAccountAsync(AccountStore writer, AccountStore reader, string id)
    {
        writer.Upsert(new Account(id, id + "@example.com"));
        await writer.WhenDurableAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var _ in reader.WatchAsync(0, deadline.Token))
        {
            if (reader.Get(id) is not null)
            {
                return;
            }
        }
    }

    /// <summary>The storegen.live.lag gauge of the backends created with <paramref name="meters"/>, per store.</summary>
    private static Dictionary<string, long> Lags(IMeterFactory meters)
    {
        var lags = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "storegen.live.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => lags[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return lags;
    }
}
