using System;
using System.Collections.Generic;
using StoreGen.Live;

namespace StoreGen.Redis;

/// <summary>Collects one row's key members as values, for messages (<see cref="StoreException.Keys"/>).</summary>
internal sealed class KeyValueWriter : ILiveKeyWriter
{
    private readonly List<object?> _values = new();

    /// <summary>The key members of <paramref name="row"/> in <paramref name="batch"/>, in key order.</summary>
    public static object?[] Of(LiveBatch batch, int row)
    {
        var writer = new KeyValueWriter();
        batch.WriteKey(row, writer);
        return writer._values.ToArray();
    }

    public void Text(int column, string value) => _values.Add(value);

    public void Int16(int column, short value) => _values.Add(value);

    public void Int32(int column, int value) => _values.Add(value);

    public void Int64(int column, long value) => _values.Add(value);

    public void Double(int column, double value) => _values.Add(value);

    public void Decimal(int column, decimal value) => _values.Add(value);

    public void Boolean(int column, bool value) => _values.Add(value);

    public void Guid(int column, Guid value) => _values.Add(value);

    public void DateTimeOffset(int column, DateTimeOffset value) => _values.Add(value);

    public void DateTime(int column, DateTime value) => _values.Add(value);

    public void Date(int column, DateOnly value) => _values.Add(value);

    public void Time(int column, TimeOnly value) => _values.Add(value);

    public void Interval(int column, TimeSpan value) => _values.Add(value);
}
