using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace StoreGen.Redis;

/// <summary>
/// The backend's metrics (meter <c>StoreGen.Redis</c>), per store: <c>storegen.live.queue_depth</c> (local changes not
/// yet written) and <c>storegen.live.lag</c> (sequence numbers the store was behind Redis at the last read of its change
/// log); <c>storegen.live.batches</c> (scripts that wrote a batch), <c>storegen.live.refusals</c> (transactions Redis
/// refused under MaxCount) and <c>storegen.live.resets</c>; <c>storegen.live.errors</c> (failed writes, reads and sweeps).
/// </summary>
internal sealed class RedisMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _resets;
    private readonly Counter<long> _errors;

    public RedisMetrics(IMeterFactory? factory, Func<IEnumerable<(string Store, int Depth, long Lag)>> read)
    {
        _meter = factory?.Create("StoreGen.Redis") ?? new Meter("StoreGen.Redis");
        _meter.CreateObservableGauge("storegen.live.queue_depth", () => read().Select(s => new Measurement<int>(s.Depth, Store(s.Store))), "{change}");
        _meter.CreateObservableGauge("storegen.live.lag", () => read().Select(s => new Measurement<long>(s.Lag, Store(s.Store))), "{sequence}");
        _batches = _meter.CreateCounter<long>("storegen.live.batches", "{batch}");
        _refusals = _meter.CreateCounter<long>("storegen.live.refusals", "{transaction}");
        _resets = _meter.CreateCounter<long>("storegen.live.resets", "{reset}");
        _errors = _meter.CreateCounter<long>("storegen.live.errors", "{error}");
    }

    private static KeyValuePair<string, object?> Store(string store) => new("store", store);

    public void Batch(string store) => _batches.Add(1, Store(store));

    public void Refusal(string store) => _refusals.Add(1, Store(store));

    public void Reset(string store) => _resets.Add(1, Store(store));

    public void Error() => _errors.Add(1);

    public void Dispose() => _meter.Dispose();
}
