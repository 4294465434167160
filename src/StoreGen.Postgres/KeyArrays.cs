using System;
using StoreGen.Live;

namespace StoreGen.Postgres;

/// <summary>Collects a batch's keys into one typed array per key column (the unnest parameters), without boxing.</summary>
internal sealed class KeyArrays : ILiveKeyWriter
{
    private int _row;

    public KeyArrays(LiveKeySchema schema, int rows)
    {
        Columns = new Array[schema.Types.Count];
        for (int n = 0; n < Columns.Length; n++)
        {
            Columns[n] = PostgresColumns.NewArray(schema.Types[n], rows);
        }
    }

    public Array[] Columns { get; }

    /// <summary>The row the next key's members go to.</summary>
    public void At(int row) => _row = row;

    public void Text(int column, string value) => ((string[])Columns[column])[_row] = value;

    public void Int16(int column, short value) => ((short[])Columns[column])[_row] = value;

    public void Int32(int column, int value) => ((int[])Columns[column])[_row] = value;

    public void Int64(int column, long value) => ((long[])Columns[column])[_row] = value;

    public void Double(int column, double value) => ((double[])Columns[column])[_row] = value;

    public void Decimal(int column, decimal value) => ((decimal[])Columns[column])[_row] = value;

    public void Boolean(int column, bool value) => ((bool[])Columns[column])[_row] = value;

    public void Guid(int column, Guid value) => ((Guid[])Columns[column])[_row] = value;

    // timestamptz holds instants: Npgsql takes them in UTC.
    public void DateTimeOffset(int column, DateTimeOffset value) => ((DateTimeOffset[])Columns[column])[_row] = value.ToUniversalTime();

    // timestamp holds no zone: Npgsql refuses UTC DateTimes for it.
    public void DateTime(int column, DateTime value) => ((DateTime[])Columns[column])[_row] = System.DateTime.SpecifyKind(value, DateTimeKind.Unspecified);

    public void Date(int column, DateOnly value) => ((DateOnly[])Columns[column])[_row] = value;

    public void Time(int column, TimeOnly value) => ((TimeOnly[])Columns[column])[_row] = value;

    public void Interval(int column, TimeSpan value) => ((TimeSpan[])Columns[column])[_row] = value;
}
