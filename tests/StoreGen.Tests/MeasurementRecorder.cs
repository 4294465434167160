using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace StoreGen.Tests;

/// <summary>Records every measurement of one meter's instruments, with its tags.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measured.Enqueue((instrument.Name, value, ToDictionary(tags))));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Measured.Enqueue((instrument.Name, value, ToDictionary(tags))));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> Measured { get; } = new();

    /// <summary>The measurements of <paramref name="instrument"/>, optionally only those whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public IEnumerable<long> Of(string instrument, string? tag = null, string? value = null) =>
        Measured.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Select(m => m.Value);

    /// <summary>Asks observable instruments (the item gauge) for their current values.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }
        return result;
    }
}
