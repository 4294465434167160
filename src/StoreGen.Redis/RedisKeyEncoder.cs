using System;
using System.Globalization;
using System.Text;
using StoreGen.Live;

namespace StoreGen.Redis;

/// <summary>
/// Encodes one item key as the member used in Redis keys, sets and the change log: each key member, in key order,
/// as <c>&lt;byte length&gt;:&lt;canonical text&gt;</c>. The length prefix makes the encoding unambiguous whatever the
/// text holds (<c>:</c>, <c>{</c>, <c>}</c>, <c>*</c>, newlines, any Unicode); the canonical text makes keys that are
/// equal in C# equal in Redis (decimals without trailing zeros, instants in UTC ticks).
/// </summary>
internal sealed class RedisKeyEncoder : ILiveKeyWriter
{
    private readonly StringBuilder _text = new();

    /// <summary>The encoded key of <paramref name="row"/> in <paramref name="batch"/>.</summary>
    public string Encode(LiveBatch batch, int row)
    {
        _text.Clear();
        batch.WriteKey(row, this);
        return _text.ToString();
    }

    private void Add(string value) =>
        _text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);

    private void Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    public void Text(int column, string value) => Add(value);

    public void Int16(int column, short value) => Add(value);

    public void Int32(int column, int value) => Add(value);

    public void Int64(int column, long value) => Add(value);

    public void Double(int column, double value) => Add(value.ToString("R", CultureInfo.InvariantCulture));

    public void Decimal(int column, decimal value) => Add((value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));

    public void Boolean(int column, bool value) => Add(value ? "1" : "0");

    public void Guid(int column, Guid value) => Add(value.ToString("N"));

    public void DateTimeOffset(int column, DateTimeOffset value) => Add(value.UtcTicks);

    public void DateTime(int column, DateTime value) => Add(value.Ticks);

    public void Date(int column, DateOnly value) => Add(value.DayNumber);

    public void Time(int column, TimeOnly value) => Add(value.Ticks);

    public void Interval(int column, TimeSpan value) => Add(value.Ticks);
}
