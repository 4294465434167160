using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace StoreGen.Hosting;

/// <summary>
/// Persistence instruments (<c>storegen.persistence.*</c>) on the <c>StoreGen</c> meter, tagged with the backend
/// (<c>storegen.backend</c>) and the operation (<c>restore</c> or <c>persist</c>).
/// </summary>
internal sealed class PersistenceMetrics
{
    public const string MeterName = "StoreGen";

    private readonly KeyValuePair<string, object?> _backend;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _bytes;

    public PersistenceMetrics(IMeterFactory? meters, string backend, Func<bool> blocked)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _backend = new("storegen.backend", backend);
        _duration = meter.CreateHistogram<double>("storegen.persistence.duration", "s", "How long restores and persists took, by operation and result (written, unchanged, restored, no_snapshot, unreachable, failed).");
        _failures = meter.CreateCounter<long>("storegen.persistence.failures", "{failure}", "Restores and persists that failed, by operation.");
        _bytes = meter.CreateCounter<long>("storegen.persistence.written_bytes", "By", "Bytes of snapshot documents written.");
        var tag = _backend;
        meter.CreateObservableGauge("storegen.persistence.blocked", () => new Measurement<int>(blocked() ? 1 : 0, tag), "{state}",
            "1 while nothing written is persisted because the snapshot could not be read (see the restore policy), else 0.");
    }

    public void Record(string operation, string result, TimeSpan elapsed, long bytesWritten = 0)
    {
        var op = new KeyValuePair<string, object?>("storegen.operation", operation);
        _duration.Record(elapsed.TotalSeconds, _backend, op, new("storegen.result", result));
        if (result is "failed" or "unreachable")
        {
            _failures.Add(1, _backend, op);
        }
        if (bytesWritten > 0)
        {
            _bytes.Add(bytesWritten, _backend);
        }
    }
}
