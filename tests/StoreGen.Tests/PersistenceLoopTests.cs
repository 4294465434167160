using System;
using System.IO;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StoreGen.Hosting;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// StorePersistence in its own process with an in-memory backend and a fake clock: startup checks, restore policies,
/// the background restore of an unreachable backend, backoff of explicit persists, and use before the host starts it.
/// </summary>
public sealed class PersistenceLoopTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly ListLogger _log = new();
    private readonly MemoryBackend _backend = new();
    private ServiceProvider? _services;

    public void Dispose() => _services?.Dispose();

    private StorePersistence Build(Action<StorePersistenceOptions>? configure = null)
    {
        _services = new ServiceCollection()
            .AddMetrics()
            .AddLogging(l => l.AddProvider(_log).SetMinimumLevel(LogLevel.Debug))
            .AddSingleton<TimeProvider>(_clock)
            .AddStoreGen(o =>
            {
                o.Backend = "test";
                o.PersistInterval = TimeSpan.FromSeconds(30);
                o.RetryDelay = TimeSpan.FromSeconds(1);
                o.MaxRetryDelay = TimeSpan.FromSeconds(4);
                configure?.Invoke(o);
            })
            .AddSnapshotBackend("test", (_, _) => _backend)
            .AddStore<InvoiceStore>()
            .Services.BuildServiceProvider();
        return _services.GetRequiredService<StorePersistence>();
    }

    private InvoiceStore Invoices => _services!.GetRequiredService<InvoiceStore>();

    /// <summary>A snapshot holding invoice 1, written by another instance.</summary>
    private async Task WriteSnapshotOfInvoiceOne()
    {
        var other = new InvoiceStore();
        other.Upsert(new Invoice(1, Tier.Free, 1m));
        var group = new PersistentStoreGroup(_backend, new IPersistableStore[] { other });
        await group.RestoreAsync();
        Assert.True(await group.PersistAsync());
    }

    [Theory]
    [InlineData("PersistInterval", -1, 1, 4, 1, "STORE_PERSIST_INTERVAL")]
    [InlineData("RetryDelay", 30, 0, 4, 1, "STORE_RETRY_DELAY")]
    [InlineData("MaxRetryDelay", 30, 2, 1, 1, "STORE_RETRY_DELAY")]
    [InlineData("MaxSnapshotBytes", 30, 1, 4, 0, "STORE_MAX_SNAPSHOT_BYTES")]
    public async Task Invalid_timing_or_size_settings_fail_startup_naming_the_setting(string _, int interval, int retry, int maxRetry, long maxBytes, string setting)
    {
        var persistence = Build(o =>
        {
            o.PersistInterval = TimeSpan.FromSeconds(interval);
            o.RetryDelay = TimeSpan.FromSeconds(retry);
            o.MaxRetryDelay = TimeSpan.FromSeconds(maxRetry);
            o.MaxSnapshotBytes = maxBytes;
        });
        var error = await Assert.ThrowsAsync<StoreGenConfigurationException>(() => persistence.StartAsync(default));
        Assert.Equal(setting, error.Setting);
        Assert.Equal(RestoreOutcome.NotRestored, persistence.Outcome);
    }

    [Fact]
    public async Task Settings_at_their_limits_are_accepted()
    {
        var persistence = Build(o =>
        {
            o.PersistInterval = TimeSpan.Zero;
            o.RetryDelay = TimeSpan.FromTicks(1);
            o.MaxRetryDelay = TimeSpan.FromTicks(1);
            o.MaxSnapshotBytes = 1024 * 1024;
        });
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.NoSnapshot, persistence.Outcome);
        Invoices.Upsert(new Invoice(12, Tier.Free, 12m));
        var attempt = PersistAttempts.Next(persistence, Patience);
        Assert.True(await persistence.PersistAsync());
        Assert.Null((await attempt).NextAttemptAt);       // an interval of zero: only explicit persists and the flush
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task A_flush_cancelled_by_the_host_is_logged_not_thrown()
    {
        var persistence = Build();
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(13, Tier.Free, 13m));
        await persistence.StopAsync(new CancellationToken(canceled: true));
        Assert.True(_log.Has(LogLevel.Error, "Could not persist to memory backend at shutdown"));
        Assert.Equal(0, _backend.Writes);
    }

    [Fact]
    public async Task The_startup_log_says_when_no_stores_are_registered()
    {
        using var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(_log))
            .AddStoreGen(o => o.Backend = "test")
            .AddSnapshotBackend("test", (_, _) => _backend)
            .Services.BuildServiceProvider();
        var persistence = services.GetRequiredService<StorePersistence>();
        await persistence.StartAsync(default);
        Assert.True(_log.Has(LogLevel.Information, "Persistence: backend test (memory backend), no stores, every 00:00:30"));
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task Using_persistence_before_it_started_is_an_error_that_says_how_to_start_it()
    {
        var persistence = Build();
        Assert.Equal(RestoreOutcome.NotRestored, persistence.Outcome);
        foreach (var use in new Func<Task>[] { () => persistence.PersistAsync(), () => persistence.RestoreAsync(), () => { persistence.AcceptDataLoss(); return Task.CompletedTask; } })
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(use);
            Assert.Contains("StorePersistence has not started", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Starting_twice_restores_once()
    {
        var persistence = Build();
        int restores = 0;
        persistence.RestoreCompleted += (_, _) => restores++;
        await persistence.StartingAsync(default);
        Invoices.Upsert(new Invoice(2, Tier.Pro, 2m));
        await WriteSnapshotOfInvoiceOne();
        await persistence.StartAsync(default);           // the host calls StartingAsync, then StartAsync
        Assert.Equal(1, restores);
        Assert.Equal(new[] { 2 }, Invoices.Select(i => i.Number));   // not replaced by a second restore
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task The_wait_policy_fails_startup_naming_the_stores_the_location_and_the_cause()
    {
        var persistence = Build(o => o.RestorePolicy = RestorePolicy.Wait);
        _backend.FailNextRead = new IOException("connection refused");
        var error = await Assert.ThrowsAsync<StoreException>(() => persistence.StartAsync(default));
        Assert.StartsWith("InvoiceStore.Restore", error.Message, StringComparison.Ordinal);
        Assert.Contains("the snapshot at memory backend could not be restored and the restore policy is wait", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Same(persistence.RestoreError, error.InnerException);
    }

    [Fact]
    public async Task The_wait_policy_starts_normally_when_the_snapshot_reads()
    {
        await WriteSnapshotOfInvoiceOne();
        var persistence = Build(o => o.RestorePolicy = RestorePolicy.Wait);
        var restored = PersistAttempts.NextRestore(persistence, Patience);
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.Restored, await restored);
        Assert.Equal(new[] { 1 }, Invoices.Select(i => i.Number));
        Assert.True(_log.Has(LogLevel.Information, "Restored InvoiceStore from memory backend"));
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task An_unreachable_backend_is_retried_with_backoff_then_merged_and_persisted()
    {
        await WriteSnapshotOfInvoiceOne();
        var persistence = Build();
        _backend.FailNextRead = new IOException("connection refused");
        var startup = PersistAttempts.NextRestore(persistence, Patience);
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.Unreachable, await startup);
        Assert.True(persistence.IsBlocked);
        Assert.True(_log.Has(LogLevel.Warning, "Could not reach memory backend to restore InvoiceStore: connection refused. Serving without it; persisting is blocked and the restore is retried in 00:00:01"));
        Invoices.Upsert(new Invoice(2, Tier.Pro, 2m));   // written while the backend is away

        _backend.FailNextRead = new IOException("still refused");
        var retry = PersistAttempts.NextRestore(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RestoreOutcome.Unreachable, await retry);
        Assert.True(_log.Has(LogLevel.Warning, "still refused. Serving without it; persisting is blocked and the restore is retried in 00:00:02"));
        Assert.Equal(1, _backend.Writes);                // only the other instance's write: persisting is blocked

        var late = PersistAttempts.NextRestore(persistence, Patience);
        var persisted = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RestoreOutcome.Restored, await late);
        var attempt = await persisted;
        Assert.True(attempt is { Succeeded: true, Written: true, Trigger: PersistTrigger.Interval });
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), attempt.NextAttemptAt);   // back to the interval
        Assert.False(persistence.IsBlocked);
        Assert.Equal(new[] { 1, 2 }, Invoices.Select(i => i.Number).Order());
        Assert.True(_log.Has(LogLevel.Information, "Restored InvoiceStore from memory backend after startup: merged"));

        _backend.FailNextRead = new IOException("down again");   // a new outage backs off from the first delay again
        var reported = PersistAttempts.NextRestore(persistence, Patience);
        Assert.Equal(RestoreOutcome.Unreachable, await persistence.RestoreAsync());
        Assert.Equal(RestoreOutcome.Unreachable, await reported);
        Assert.True(_log.Has(LogLevel.Warning, "down again. Serving without it; persisting is blocked and the restore is retried in 00:00:01"));
        await persistence.StopAsync(default);

        var reader = new InvoiceStore();
        await new PersistentStoreGroup(_backend, new IPersistableStore[] { reader }).RestoreAsync();
        Assert.Equal(new[] { 1, 2 }, reader.Select(i => i.Number).Order());
    }

    [Fact]
    public async Task Unreachable_restores_count_as_restore_failures_and_the_late_persist_counts_its_bytes()
    {
        var persistence = Build();
        using var recorder = new MeasurementRecorder(_services!.GetRequiredService<IMeterFactory>().Create("StoreGen"));
        _backend.FailNextRead = new IOException("connection refused");
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(8, Tier.Free, 8m));
        _backend.FailNextRead = new IOException("connection refused");
        var retry = PersistAttempts.NextRestore(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RestoreOutcome.Unreachable, await retry);
        Assert.Equal(new long[] { 1, 1 }, recorder.Of("storegen.persistence.failures", "storegen.operation", "restore"));
        Assert.Empty(recorder.Of("storegen.persistence.written_bytes"));

        var persisted = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await persisted).Written);
        Assert.Equal(new long[] { _backend.Document!.Length }, recorder.Of("storegen.persistence.written_bytes"));
        Assert.Equal(2, recorder.Of("storegen.persistence.failures").Count());
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task A_late_restore_that_finds_no_snapshot_unblocks_and_persists_what_was_written()
    {
        var persistence = Build();
        _backend.FailNextRead = new IOException("connection refused");
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(3, Tier.Free, 3m));
        var late = PersistAttempts.NextRestore(persistence, Patience);
        var persisted = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RestoreOutcome.NoSnapshot, await late);
        Assert.True((await persisted).Written);
        Assert.Equal(1, _backend.Writes);
        Assert.True(_log.Has(LogLevel.Information, "Restored InvoiceStore from memory backend after startup"));
        await persistence.StopAsync(default);
    }

    [Fact]
    public async Task An_unreadable_snapshot_is_not_retried_and_shutdown_does_not_overwrite_it()
    {
        _backend.Document = "{\"format\":1,\"stores\":{"u8.ToArray();
        var persistence = Build();
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.Failed, persistence.Outcome);
        Assert.True(_log.Has(LogLevel.Warning, "Could not restore InvoiceStore from memory backend"));
        Invoices.Upsert(new Invoice(4, Tier.Free, 4m));
        await persistence.StopAsync(default);
        Assert.True(_log.Has(LogLevel.Warning, "Not persisting InvoiceStore: the snapshot at memory backend could not be restored"));
        Assert.Equal(0, _backend.Writes);
    }

    [Fact]
    public async Task The_accept_loss_policy_overwrites_an_unreadable_snapshot()
    {
        _backend.Document = "{\"format\":1,\"stores\":{"u8.ToArray();
        var persistence = Build(o => o.RestorePolicy = RestorePolicy.AcceptLoss);
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.Failed, persistence.Outcome);
        Assert.False(persistence.IsBlocked);
        Invoices.Upsert(new Invoice(5, Tier.Free, 5m));
        Assert.True(await persistence.PersistAsync());
        await persistence.StopAsync(default);
        Assert.Equal(1, _backend.Writes);
    }

    [Fact]
    public async Task A_failed_explicit_persist_is_retried_by_the_loop_after_the_first_delay()
    {
        var persistence = Build();
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(6, Tier.Free, 6m));
        _backend.FailNextWrite = new IOException("disk full");
        var failed = PersistAttempts.Next(persistence, Patience);
        var error = await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        Assert.StartsWith("InvoiceStore.Persist", error.Message, StringComparison.Ordinal);
        var attempt = await failed;
        Assert.True(attempt is { Succeeded: false, ConsecutiveFailures: 1, Trigger: PersistTrigger.Explicit });
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(1), attempt.NextAttemptAt);
        Assert.True(_log.Has(LogLevel.Warning, "failed (1 in a row, Explicit); retrying in 00:00:01: "));

        var retried = PersistAttempts.Next(persistence, Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await retried;
        Assert.True(retry is { Succeeded: true, Written: true, ConsecutiveFailures: 0, Trigger: PersistTrigger.Interval });
        Assert.Equal(1, _backend.Writes);
        await persistence.StopAsync(default);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Disposing_stops_the_loop_without_flushing_and_disposes_the_backend(bool asynchronously)
    {
        var backend = new DisposableBackend();
        using var services = new ServiceCollection()
            .AddStoreGen(o => o.Backend = "closing")
            .AddSnapshotBackend("closing", (_, _) => backend)
            .AddStore<InvoiceStore>()
            .Services.BuildServiceProvider();
        var persistence = services.GetRequiredService<StorePersistence>();
        await persistence.StartAsync(default);
        services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(9, Tier.Free, 9m));
        if (asynchronously)
        {
            await persistence.DisposeAsync();
        }
        else
        {
            persistence.Dispose();
        }
        Assert.True(backend.Disposed);
        Assert.Null(backend.Document);
    }

    /// <summary>A backend holding a connection, which StorePersistence closes when it is disposed.</summary>
    private sealed class DisposableBackend : ISnapshotBackend, IDisposable
    {
        public byte[]? Document { get; private set; }

        public bool Disposed { get; private set; }

        public string Location => "closing backend";

        public ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Document);

        public ValueTask WriteAsync(ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
        {
            Document = document.ToArray();
            return ValueTask.CompletedTask;
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task Without_the_background_loop_a_persist_is_reported_before_it_returns_with_no_next_attempt()
    {
        var persistence = Build();
        await persistence.StartingAsync(default);        // restored, but the loop was never started
        var reported = new System.Collections.Generic.List<PersistAttempt>();
        persistence.PersistCompleted += (_, attempt) => reported.Add(attempt);
        Invoices.Upsert(new Invoice(10, Tier.Free, 10m));
        _backend.FailNextWrite = new IOException("disk full");
        await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        Assert.True(await persistence.PersistAsync());
        Assert.Same(reported[1], persistence.LastAttempt);
        Invoices.Upsert(new Invoice(11, Tier.Free, 11m));
        _backend.FailNextWrite = new IOException("disk full");
        await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        Assert.Collection(reported,
            failed => Assert.True(failed is { Succeeded: false, ConsecutiveFailures: 1, NextAttemptAt: null }),
            written => Assert.True(written is { Succeeded: true, Written: true, ConsecutiveFailures: 0, NextAttemptAt: null }),
            again => Assert.True(again is { Succeeded: false, ConsecutiveFailures: 1 }));   // a success starts the count over
    }

    [Fact]
    public async Task A_failed_flush_at_shutdown_is_logged_not_thrown()
    {
        var persistence = Build();
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(7, Tier.Free, 7m));
        _backend.FailNextWrite = new IOException("disk full");
        await persistence.StopAsync(default);
        Assert.True(_log.Has(LogLevel.Error, "Could not persist to memory backend at shutdown; changes since the last successful persist are lost: "));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Debug && e.Error is StoreException);
        Assert.Equal(0, _backend.Writes);
    }

    [Fact]
    public async Task Once_the_loop_stopped_the_shutdown_flush_and_later_persists_are_reported_before_they_return()
    {
        var persistence = Build();
        await persistence.StartAsync(default);
        var reported = new System.Collections.Generic.List<PersistAttempt>();
        persistence.PersistCompleted += (_, attempt) => reported.Add(attempt);
        Invoices.Upsert(new Invoice(12, Tier.Free, 12m));
        await persistence.StopAsync(default);
        Assert.True(Assert.Single(reported) is { Trigger: PersistTrigger.Shutdown, Written: true, NextAttemptAt: null });

        Invoices.Upsert(new Invoice(13, Tier.Free, 13m));
        Assert.True(await persistence.PersistAsync());
        Assert.Equal(2, reported.Count);
        Assert.True(reported[1] is { Trigger: PersistTrigger.Explicit, Written: true, NextAttemptAt: null });
        Assert.Same(reported[1], persistence.LastAttempt);
        Assert.Equal(2, _backend.Writes);
    }

    /// <summary>
    /// An explicit persist while blocked is refused and wakes the loop, which reports it once its next attempt is
    /// scheduled: after that, the loop has handled every timer that fired before.
    /// </summary>
    private async Task RefusedPersistAsync(StorePersistence persistence)
    {
        var reported = PersistAttempts.Next(persistence, Patience);
        await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());
        Assert.False((await reported).Succeeded);
    }

    private int BlockedWarnings => _log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Not persisting InvoiceStore", StringComparison.Ordinal));

    [Fact]
    public async Task Blocked_persisting_is_logged_once_until_the_next_restore()
    {
        _backend.Document = "{\"format\":1,\"stores\":{"u8.ToArray();
        var persistence = Build();
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(14, Tier.Free, 14m));
        await RefusedPersistAsync(persistence);                  // the loop now retries in 1 s
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _log.Logged("Not persisting InvoiceStore").WaitAsync(Patience);
        await RefusedPersistAsync(persistence);                  // then in 2 s
        _clock.Advance(TimeSpan.FromSeconds(2));
        await RefusedPersistAsync(persistence);
        Assert.Equal(1, BlockedWarnings);

        Assert.Equal(RestoreOutcome.Failed, await persistence.RestoreAsync());
        await RefusedPersistAsync(persistence);                  // then in 4 s
        _clock.Advance(TimeSpan.FromSeconds(4));
        await RefusedPersistAsync(persistence);
        Assert.Equal(2, BlockedWarnings);                        // a restore that failed again is logged again
        Assert.Equal(0, _backend.Writes);
        await persistence.StoppingAsync(default);
    }

    [Fact]
    public async Task Stopping_during_a_background_persist_cancels_it_and_the_loop_ends_without_an_error()
    {
        var persistence = Build();
        await persistence.StartAsync(default);
        Invoices.Upsert(new Invoice(15, Tier.Free, 15m));
        _backend.Hold = new TaskCompletionSource().Task;         // never released: only cancellation ends the write
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _backend.Held.Task.WaitAsync(Patience);

        await persistence.StoppingAsync(default).WaitAsync(Patience);
        Assert.Equal(0, _backend.Writes);
        _backend.Hold = null;
        await persistence.StopAsync(default);                    // the flush writes what the cancelled persist did not
        Assert.Equal(1, _backend.Writes);
    }

    [Fact]
    public async Task Stopping_during_a_background_restore_cancels_it_and_the_loop_ends_without_an_error()
    {
        var persistence = Build();
        _backend.FailNextRead = new IOException("connection refused");
        await persistence.StartAsync(default);
        Assert.Equal(RestoreOutcome.Unreachable, persistence.Outcome);
        _backend.Hold = new TaskCompletionSource().Task;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _backend.Held.Task.WaitAsync(Patience);

        await persistence.StoppingAsync(default).WaitAsync(Patience);
        Assert.True(persistence.IsBlocked);
        Assert.Equal(RestoreOutcome.Unreachable, persistence.Outcome);
    }

    [Fact]
    public async Task With_the_memory_backend_a_restore_finds_no_snapshot_raises_no_event_and_nothing_blocks()
    {
        using var services = new ServiceCollection().AddStoreGen().AddStore<InvoiceStore>().Services.BuildServiceProvider();
        var persistence = services.GetRequiredService<StorePersistence>();
        Assert.Equal(RestoreOutcome.NotRestored, persistence.Outcome);
        await persistence.StartAsync(default);
        int restores = 0;
        persistence.RestoreCompleted += (_, _) => restores++;

        Assert.Equal(RestoreOutcome.NoSnapshot, await persistence.RestoreAsync());
        Assert.Equal(0, restores);
        Assert.False(persistence.IsBlocked);
        Assert.Null(persistence.RestoreError);
        Assert.False(await persistence.PersistAsync());
        await persistence.StopAsync(default);
    }
}
