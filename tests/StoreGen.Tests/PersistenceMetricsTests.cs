using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoreGen.Hosting;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// The persistence instruments (<c>storegen.persistence.*</c>) as an operator's dashboard reads them: names, the
/// backend tag, bytes written, failures counted by operation, and the blocked gauge. Listens only to the meters of
/// the test's own container, so parallel tests do not mix in.
/// </summary>
public sealed class PersistenceMetricsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-metrics-").FullName;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();
    private readonly ConcurrentDictionary<string, string?> _units = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (ServiceProvider Services, MeterListener Listener) Start(string path)
    {
        var services = new ServiceCollection().AddMetrics()
            .AddStoreGen(o => { o.Backend = "file"; o.FilePath = path; o.PersistInterval = TimeSpan.Zero; })
            .AddStore<InvoiceStore>()
            .Services.BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == "StoreGen")
                {
                    _units[instrument.Name] = instrument.Unit;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _measured.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => _measured.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _measured.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
        return (services, listener);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }
        return result;
    }

    private List<(double Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
        _measured.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();

    [Fact]
    public async Task A_persist_records_its_duration_and_the_bytes_written_tagged_with_the_backend()
    {
        string path = Path.Combine(_directory, "store.json");
        var (services, listener) = Start(path);
        using (services)
        using (listener)
        {
            var persistence = services.GetRequiredService<StorePersistence>();
            await persistence.StartAsync(default);
            services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
            Assert.True(await persistence.PersistAsync());

            var bytes = Assert.Single(Of("storegen.persistence.written_bytes"));
            Assert.Equal(new FileInfo(path).Length, bytes.Value);
            Assert.Equal("file", bytes.Tags["storegen.backend"]);
            var persisted = Assert.Single(Of("storegen.persistence.duration"), m => Equals(m.Tags["storegen.operation"], "persist"));
            Assert.Equal("written", persisted.Tags["storegen.result"]);
            Assert.Equal("file", persisted.Tags["storegen.backend"]);
            Assert.Empty(Of("storegen.persistence.failures"));   // a restore that found no snapshot is not a failure

            listener.RecordObservableInstruments();
            var blocked = Assert.Single(Of("storegen.persistence.blocked"));
            Assert.Equal(0, blocked.Value);
            Assert.Equal("file", blocked.Tags["storegen.backend"]);
            // Units as OpenTelemetry's conventions spell them, so dashboards scale and label them.
            Assert.Equal("s", _units["storegen.persistence.duration"]);
            Assert.Equal("{failure}", _units["storegen.persistence.failures"]);
            Assert.Equal("By", _units["storegen.persistence.written_bytes"]);
            Assert.Equal("{state}", _units["storegen.persistence.blocked"]);
            await persistence.StopAsync(default);
        }
    }

    [Fact]
    public async Task A_failed_persist_is_counted_as_a_failure_of_the_persist_operation_and_writes_no_bytes()
    {
        string blocker = Path.Combine(_directory, "not-a-directory");
        File.WriteAllText(blocker, "a file where the snapshot's directory should be");
        var (services, listener) = Start(Path.Combine(blocker, "store.json"));
        using (services)
        using (listener)
        {
            var persistence = services.GetRequiredService<StorePersistence>();
            await persistence.StartAsync(default);
            services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
            await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());

            var failure = Assert.Single(Of("storegen.persistence.failures"), m => Equals(m.Tags["storegen.operation"], "persist"));
            Assert.Equal(1, failure.Value);
            Assert.Equal("file", failure.Tags["storegen.backend"]);
            Assert.Empty(Of("storegen.persistence.written_bytes"));
        }
    }

    [Fact]
    public async Task The_blocked_gauge_is_1_while_an_unreadable_snapshot_blocks_persisting_and_0_once_loss_is_accepted()
    {
        string path = Path.Combine(_directory, "corrupt.json");
        File.WriteAllText(path, "{\"format\":1,\"stores\":{\"InvoiceStore\":{\"items\":[");
        var (services, listener) = Start(path);
        using (services)
        using (listener)
        {
            var persistence = services.GetRequiredService<StorePersistence>();
            await persistence.StartAsync(default);
            listener.RecordObservableInstruments();
            Assert.Equal(1, Assert.Single(Of("storegen.persistence.blocked")).Value);
            var failed = Assert.Single(Of("storegen.persistence.duration"), m => Equals(m.Tags["storegen.operation"], "restore"));
            Assert.Equal("failed", failed.Tags["storegen.result"]);
            Assert.Equal(1, Assert.Single(Of("storegen.persistence.failures"), m => Equals(m.Tags["storegen.operation"], "restore")).Value);

            persistence.AcceptDataLoss();
            listener.RecordObservableInstruments();
            Assert.Equal([1d, 0d], Of("storegen.persistence.blocked").Select(m => m.Value));
        }
    }

    /// <summary>
    /// The warning names the cause on one line: the error and its causes, each message once (client libraries wrap
    /// "connection refused" several times), empty ones skipped, at most four; the full error goes to the debug level.
    /// </summary>
    [Fact]
    public async Task A_failed_persist_logs_its_causes_on_one_line_without_repeats()
    {
        var log = new ListLogger();
        var backend = new MemoryBackend();
        using var services = new ServiceCollection().AddLogging(l => l.AddProvider(log).SetMinimumLevel(LogLevel.Debug))
            .AddStoreGen(o => { o.Backend = "test"; o.PersistInterval = TimeSpan.Zero; })
            .AddSnapshotBackend("test", (_, _) => backend)
            .AddStore<InvoiceStore>()
            .Services.BuildServiceProvider();
        var persistence = services.GetRequiredService<StorePersistence>();
        await persistence.StartAsync(default);
        services.GetRequiredService<InvoiceStore>().Upsert(new Invoice(1, Tier.Free, 1m));
        backend.FailNextWrite = new IOException("connection refused", new IOException("connection refused",
            new InvalidOperationException("socket closed", new InvalidOperationException(" ", new InvalidOperationException("fifth",
                new InvalidOperationException("sixth", new InvalidOperationException("seventh")))))));

        var error = await Assert.ThrowsAsync<StoreException>(() => persistence.PersistAsync());

        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        // The store's own message already says "connection refused", so neither wrapped copy repeats it; " " is skipped;
        // "seventh" is beyond the four messages kept.
        Assert.EndsWith($": {error.Message} <- socket closed <- fifth <- sixth", warning.Message);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Debug && e.Error == error);
    }
}
