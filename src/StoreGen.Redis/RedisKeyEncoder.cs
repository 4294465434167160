using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using StoreGen.Live;

namespace StoreGen.Redis;

/// <summary>
/// Encodes one item key as the member used in Redis keys, sets and the change log: each key member, in key order,
/// as <c>&lt;byte length&gt;:&lt;canonical text&gt;</c>, in UTF-8. The length prefix makes the encoding unambiguous
/// whatever the text holds (<c>:</c>, <c>{</c>, <c>}</c>, <c>*</c>, newlines, any Unicode); the canonical text makes
/// keys that are equal in C# equal in Redis (decimals without trailing zeros, instants in UTC ticks). Values are
/// formatted straight into one reused buffer: the write path encodes many thousand keys a second.
/// </summary>
internal sealed class RedisKeyEncoder : ILiveKeyWriter
{
    private readonly ArrayBufferWriter<byte> _bytes = new(64);

    /// <summary>The encoded key of <paramref name="row"/> in <paramref name="batch"/>, as UTF-8 bytes.</summary>
    public byte[] EncodeUtf8(LiveBatch batch, int row) => Write(batch, row).ToArray();

    /// <summary>The encoded key of <paramref name="row"/> in <paramref name="batch"/>.</summary>
    public string Encode(LiveBatch batch, int row) => Encoding.UTF8.GetString(Write(batch, row));

    private ReadOnlySpan<byte> Write(LiveBatch batch, int row)
    {
        _bytes.ResetWrittenCount();
        batch.WriteKey(row, this);
        return _bytes.WrittenSpan;
    }

    private void Length(int length)
    {
        var span = _bytes.GetSpan(12);
        length.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)':';
        _bytes.Advance(written + 1);
    }

    private void Add<TValue>(TValue value, string? format = null)
        where TValue : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[64];   // the longest canonical value (a decimal, a double) takes about 30
        if (!value.TryFormat(text, out int written, format, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"the key member {value} does not fit the Redis key encoding");
        }
        Length(written);
        text[..written].CopyTo(_bytes.GetSpan(written));
        _bytes.Advance(written);
    }

    public void Text(int column, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Length(length);
        Encoding.UTF8.GetBytes(value, _bytes.GetSpan(length));
        _bytes.Advance(length);
    }

    public void Int16(int column, short value) => Add(value);

    public void Int32(int column, int value) => Add(value);

    public void Int64(int column, long value) => Add(value);

    public void Double(int column, double value) => Add(value, "R");

    public void Decimal(int column, decimal value) => Add(value / 1.0000000000000000000000000000m);

    public void Boolean(int column, bool value) => Add(value ? 1 : 0);

    public void Guid(int column, Guid value) => Add(value, "N");

    public void DateTimeOffset(int column, DateTimeOffset value) => Add(value.UtcTicks);

    public void DateTime(int column, DateTime value) => Add(value.Ticks);

    public void Date(int column, DateOnly value) => Add(value.DayNumber);

    public void Time(int column, TimeOnly value) => Add(value.Ticks);

    public void Interval(int column, TimeSpan value) => Add(value.Ticks);
}
