using System;
using Npgsql;
using NpgsqlTypes;
using StoreGen.Live;

namespace StoreGen.Postgres;

/// <summary>How each <see cref="LiveColumnType"/> is stored in PostgreSQL: the column type, the Npgsql type, and how it is read back.</summary>
internal static class PostgresColumns
{
    /// <summary>Why PostgreSQL text cannot hold <paramref name="value"/> (a NUL character), or null when it can.</summary>
    public static string? CheckText(string value) =>
        value.Contains('\0', System.StringComparison.Ordinal) ? "holds a NUL character (U+0000)" : null;

    public static string SqlType(LiveColumnType type) => type switch
    {
        LiveColumnType.Text => "text",
        LiveColumnType.Int16 => "smallint",
        LiveColumnType.Int32 => "integer",
        LiveColumnType.Int64 => "bigint",
        LiveColumnType.Double => "double precision",
        LiveColumnType.Decimal => "numeric",
        LiveColumnType.Boolean => "boolean",
        LiveColumnType.Guid => "uuid",
        LiveColumnType.DateTimeOffset => "timestamp with time zone",
        LiveColumnType.DateTime => "timestamp without time zone",
        LiveColumnType.Date => "date",
        LiveColumnType.Time => "time without time zone",
        LiveColumnType.Interval => "interval",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no PostgreSQL column type"),
    };

    public static NpgsqlDbType DbType(LiveColumnType type) => type switch
    {
        LiveColumnType.Text => NpgsqlDbType.Text,
        LiveColumnType.Int16 => NpgsqlDbType.Smallint,
        LiveColumnType.Int32 => NpgsqlDbType.Integer,
        LiveColumnType.Int64 => NpgsqlDbType.Bigint,
        LiveColumnType.Double => NpgsqlDbType.Double,
        LiveColumnType.Decimal => NpgsqlDbType.Numeric,
        LiveColumnType.Boolean => NpgsqlDbType.Boolean,
        LiveColumnType.Guid => NpgsqlDbType.Uuid,
        LiveColumnType.DateTimeOffset => NpgsqlDbType.TimestampTz,
        LiveColumnType.DateTime => NpgsqlDbType.Timestamp,
        LiveColumnType.Date => NpgsqlDbType.Date,
        LiveColumnType.Time => NpgsqlDbType.Time,
        LiveColumnType.Interval => NpgsqlDbType.Interval,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no PostgreSQL column type"),
    };

    /// <summary>A typed array of <paramref name="length"/> for one key column's unnest parameter.</summary>
    public static Array NewArray(LiveColumnType type, int length) => type switch
    {
        LiveColumnType.Text => new string[length],
        LiveColumnType.Int16 => new short[length],
        LiveColumnType.Int32 => new int[length],
        LiveColumnType.Int64 => new long[length],
        LiveColumnType.Double => new double[length],
        LiveColumnType.Decimal => new decimal[length],
        LiveColumnType.Boolean => new bool[length],
        LiveColumnType.Guid => new Guid[length],
        LiveColumnType.DateTimeOffset => new DateTimeOffset[length],
        LiveColumnType.DateTime => new DateTime[length],
        LiveColumnType.Date => new DateOnly[length],
        LiveColumnType.Time => new TimeOnly[length],
        LiveColumnType.Interval => new TimeSpan[length],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no PostgreSQL column type"),
    };

    /// <summary>Reads one key column from a binary COPY (boxed: only used to name a row in errors).</summary>
    public static object? Read(NpgsqlBinaryExporter exporter, LiveColumnType type) => type switch
    {
        LiveColumnType.Text => exporter.Read<string>(NpgsqlDbType.Text),
        LiveColumnType.Int16 => exporter.Read<short>(NpgsqlDbType.Smallint),
        LiveColumnType.Int32 => exporter.Read<int>(NpgsqlDbType.Integer),
        LiveColumnType.Int64 => exporter.Read<long>(NpgsqlDbType.Bigint),
        LiveColumnType.Double => exporter.Read<double>(NpgsqlDbType.Double),
        LiveColumnType.Decimal => exporter.Read<decimal>(NpgsqlDbType.Numeric),
        LiveColumnType.Boolean => exporter.Read<bool>(NpgsqlDbType.Boolean),
        LiveColumnType.Guid => exporter.Read<Guid>(NpgsqlDbType.Uuid),
        LiveColumnType.DateTimeOffset => exporter.Read<DateTimeOffset>(NpgsqlDbType.TimestampTz),
        LiveColumnType.DateTime => exporter.Read<DateTime>(NpgsqlDbType.Timestamp),
        LiveColumnType.Date => exporter.Read<DateOnly>(NpgsqlDbType.Date),
        LiveColumnType.Time => exporter.Read<TimeOnly>(NpgsqlDbType.Time),
        LiveColumnType.Interval => exporter.Read<TimeSpan>(NpgsqlDbType.Interval),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no PostgreSQL column type"),
    };
}
