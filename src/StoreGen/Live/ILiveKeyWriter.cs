using System;

namespace StoreGen.Live;

/// <summary>
/// Receives one key's members, typed, in key order (<c>column</c> is the member's position). Generated code
/// calls the method matching each member's <see cref="LiveColumnType"/>, so a backend collects typed values without
/// boxing or reflection.
/// </summary>
public interface ILiveKeyWriter
{
    /// <summary>A <see cref="LiveColumnType.Text"/> member.</summary>
    void Text(int column, string value);

    /// <summary>A <see cref="LiveColumnType.Int16"/> member.</summary>
    void Int16(int column, short value);

    /// <summary>A <see cref="LiveColumnType.Int32"/> member.</summary>
    void Int32(int column, int value);

    /// <summary>A <see cref="LiveColumnType.Int64"/> member (also enums).</summary>
    void Int64(int column, long value);

    /// <summary>A <see cref="LiveColumnType.Double"/> member.</summary>
    void Double(int column, double value);

    /// <summary>A <see cref="LiveColumnType.Decimal"/> member.</summary>
    void Decimal(int column, decimal value);

    /// <summary>A <see cref="LiveColumnType.Boolean"/> member.</summary>
    void Boolean(int column, bool value);

    /// <summary>A <see cref="LiveColumnType.Guid"/> member.</summary>
    void Guid(int column, Guid value);

    /// <summary>A <see cref="LiveColumnType.DateTimeOffset"/> member.</summary>
    void DateTimeOffset(int column, DateTimeOffset value);

    /// <summary>A <see cref="LiveColumnType.DateTime"/> member.</summary>
    void DateTime(int column, DateTime value);

    /// <summary>A <see cref="LiveColumnType.Date"/> member.</summary>
    void Date(int column, DateOnly value);

    /// <summary>A <see cref="LiveColumnType.Time"/> member.</summary>
    void Time(int column, TimeOnly value);

    /// <summary>A <see cref="LiveColumnType.Interval"/> member.</summary>
    void Interval(int column, TimeSpan value);
}
