using System;

namespace StoreGen.Live;

/// <summary>
/// Asks the backend's <see cref="LiveLinkOptions.CheckTextKey"/> about every text key member of a key; remembers the
/// first it refuses. Other member types pass.
/// </summary>
internal sealed class TextKeyCheck(LiveKeySchema schema, Func<string, string?> check) : ILiveKeyWriter
{
    /// <summary>Why the key cannot be stored (naming the member), or null.</summary>
    public string? Problem { get; private set; }

    public void Text(int column, string value)
    {
        if (Problem is null && check(value) is { } problem)
        {
            Problem = $"key member '{schema.Names[column]}' {problem}";
        }
    }

    public void Int16(int column, short value)
    {
    }

    public void Int32(int column, int value)
    {
    }

    public void Int64(int column, long value)
    {
    }

    public void Double(int column, double value)
    {
    }

    public void Decimal(int column, decimal value)
    {
    }

    public void Boolean(int column, bool value)
    {
    }

    public void Guid(int column, Guid value)
    {
    }

    public void DateTimeOffset(int column, DateTimeOffset value)
    {
    }

    public void DateTime(int column, DateTime value)
    {
    }

    public void Date(int column, DateOnly value)
    {
    }

    public void Time(int column, TimeOnly value)
    {
    }

    public void Interval(int column, TimeSpan value)
    {
    }
}
