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

/// <summary>A nested value (a <c>[StoreSerializable]</c> record) inside <see cref="ConformanceRich"/>.</summary>
[StoreSerializable]
public sealed partial record ConformanceDetail(string Name, System.Collections.Immutable.ImmutableArray<int> Scores);

/// <summary>
/// An item with the member types <see cref="ConformanceItem"/> leaves out: the other numeric types, more nullables,
/// lists and immutable collections, the immutable string-keyed dictionary kinds, JSON documents and nested records
/// (stores refuse mutable collections: SG0014).
/// </summary>
[Store(Keys = new[] { nameof(Id) })]
public sealed partial record ConformanceRich(
    string Id,
    byte Byte,
    sbyte SByte,
    short Short,
    ushort UShort,
    uint UInt,
    ulong ULong,
    float Float,
    Guid? MaybeGuid,
    DateTimeOffset? MaybeAt,
    Volume? MaybeVolume,
    bool? MaybeFlag,
    IReadOnlyList<int> Numbers,
    IReadOnlyList<DateOnly> Days,
    System.Collections.Immutable.ImmutableArray<long> Immutable,
    System.Collections.Immutable.ImmutableList<string> ImmutableList,
    IReadOnlyDictionary<string, string> Map,
    System.Collections.Immutable.ImmutableDictionary<string, double> ImmutableMap,
    System.Collections.Immutable.IImmutableDictionary<string, bool> ImmutableMapInterface,
    System.Collections.Immutable.ImmutableSortedDictionary<string, int> ImmutableSorted,
    System.Text.Json.JsonElement Document,
    System.Text.Json.Nodes.JsonNode? Node,
    System.Text.Json.Nodes.JsonObject? Object,
    System.Text.Json.Nodes.JsonArray? Items,
    ConformanceDetail Detail,
    IReadOnlyList<ConformanceDetail> Details);
