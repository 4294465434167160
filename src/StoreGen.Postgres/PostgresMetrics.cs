using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace StoreGen.Postgres;

/// <summary>
/// The backend's metrics (meter <c>StoreGen.Postgres</c>): <c>storegen.live.queue_depth</c> (local changes not yet
/// committed) and <c>storegen.live.lag</c> (versions the store was behind the database at the last poll), both per
/// store; <c>storegen.live.resets</c> and <c>storegen.live.errors</c> (failed writes, polls and connections).
/// </summary>
internal sealed class PostgresMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _resets;
    private readonly Counter<long> _errors;

    public PostgresMetrics(IMeterFactory? factory, Func<IEnumerable<(string Store, int Depth, long Lag)>> read)
    {
        _meter = factory?.Create("StoreGen.Postgres") ?? new Meter("StoreGen.Postgres");
        _meter.CreateObservableGauge("storegen.live.queue_depth", () => read().Select(s => new Measurement<int>(s.Depth, new KeyValuePair<string, object?>("store", s.Store))), "{change}");
        _meter.CreateObservableGauge("storegen.live.lag", () => read().Select(s => new Measurement<long>(s.Lag, new KeyValuePair<string, object?>("store", s.Store))), "{version}");
        _resets = _meter.CreateCounter<long>("storegen.live.resets", "{reset}");
        _errors = _meter.CreateCounter<long>("storegen.live.errors", "{error}");
    }

    public void Reset(string store) => _resets.Add(1, new KeyValuePair<string, object?>("store", store));

    public void Error() => _errors.Add(1);

    public void Dispose() => _meter.Dispose();
}
