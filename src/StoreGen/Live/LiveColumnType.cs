namespace StoreGen.Live;

/// <summary>
/// How a key member is stored by a live backend, chosen by the generator from the member's C# type. Backends map it
/// to their own types (PostgreSQL column types, Redis key encodings); <see cref="Unsupported"/> means no backend can
/// store the key and a live backend refuses the store at startup, naming the member.
/// </summary>
public enum LiveColumnType
{
    /// <summary>No mapping (e.g. a nullable, collection or custom-type key member).</summary>
    Unsupported,

    /// <summary>A <see cref="string"/>.</summary>
    Text,

    /// <summary>A <see cref="short"/>.</summary>
    Int16,

    /// <summary>An <see cref="int"/>.</summary>
    Int32,

    /// <summary>A <see cref="long"/>, or an enum (its numeric value).</summary>
    Int64,

    /// <summary>A <see cref="double"/>.</summary>
    Double,

    /// <summary>A <see cref="decimal"/>.</summary>
    Decimal,

    /// <summary>A <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A <see cref="System.Guid"/>.</summary>
    Guid,

    /// <summary>A <see cref="System.DateTimeOffset"/> (stored as an instant in UTC).</summary>
    DateTimeOffset,

    /// <summary>A <see cref="System.DateTime"/> (stored without a time zone).</summary>
    DateTime,

    /// <summary>A <see cref="System.DateOnly"/>.</summary>
    Date,

    /// <summary>A <see cref="System.TimeOnly"/>.</summary>
    Time,

    /// <summary>A <see cref="System.TimeSpan"/>.</summary>
    Interval,
}
