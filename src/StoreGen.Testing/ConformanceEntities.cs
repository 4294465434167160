using System;
using System.Collections.Generic;

namespace StoreGen.Testing;

/// <summary>How loud a <see cref="ConformanceItem"/> is (an enum member).</summary>
public enum Volume
{
    /// <summary>Quiet.</summary>
    Low,

    /// <summary>Loud.</summary>
    High,
}

/// <summary>An item with a member of every type the generated codec supports, keyed by one string.</summary>
[Store(Keys = new[] { nameof(Id) })]
public sealed partial record ConformanceItem(
    string Id,
    string? Text,
    bool Flag,
    int Int,
    long Long,
    double Double,
    decimal Decimal,
    Guid Guid,
    DateTimeOffset At,
    DateTime When,
    DateOnly Day,
    TimeOnly Time,
    TimeSpan Span,
    Volume Volume,
    int? Maybe,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, int> Counts);

/// <summary>An item keyed by one member of every key column type live backends map.</summary>
[Store(Keys = new[] { nameof(Id), nameof(Tenant), nameof(Day), nameof(At), nameof(Volume), nameof(Small), nameof(Big), nameof(Active), nameof(Number) })]
public sealed partial record ConformanceKeyed(Guid Id, string Tenant, DateOnly Day, DateTimeOffset At, Volume Volume, short Small, long Big, bool Active, int Number, string Payload);
