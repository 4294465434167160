using System;
using System.Collections.Generic;
using StoreGen;

// Entities declared the way users declare them; the stores under test are generated from these.

namespace StoreGen.Tests
{
    [Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
    [Index(nameof(Host))]
    [Index(nameof(Uid), Unique = true)]
    public partial record Ingress(string Namespace, string Name, string Host, int Port, Guid Uid);

    public enum Tier
    {
        Free,
        Pro,
        Enterprise,
    }

    /// <summary>Three keys of different types: Find(region) and Find(region, shard).</summary>
    [Store(Keys = new[] { nameof(Region), nameof(Shard), nameof(Tier) }, Name = "PlacementStore")]
    [Index(nameof(Owner), nameof(Tier), Name = "OwnerTier")]
    public partial class Placement
    {
        public required string Region { get; init; }
        public required int Shard { get; init; }
        public required Tier Tier { get; init; }
        public string? Owner { get; init; }
    }

    /// <summary>A record struct entity with a Guid key.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    [Index(nameof(Kind))]
    public readonly partial record struct Token(Guid Id, string Kind, long ExpiresAt);

    /// <summary>An int key and an enum index.</summary>
    [Store(Keys = new[] { nameof(Number) })]
    [Index(nameof(Tier))]
    public partial record Invoice(int Number, Tier Tier, decimal Amount);

    public partial class Outer
    {
        /// <summary>An entity nested in a partial class; its store is generated into Outer as well.</summary>
        [Store(Keys = new[] { nameof(Key) })]
        public partial record Nested(string Key, string Value);
    }
}

/// <summary>An entity in the global namespace.</summary>
[Store(Keys = new[] { nameof(Code) })]
public partial record GlobalThing(string Code);

namespace StoreGen.Tests
{
    public enum Priority
    {
        Low,
        Medium,
        High,
        Critical,
    }

    /// <summary>The error-log store's error record: de-duplicated by fingerprint, listed newest first, retained by age.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    [Index(nameof(Fingerprint), Unique = true)]
    [Index(nameof(Namespace))]
    public partial record ErrorRecord(string Id, string Fingerprint, string Namespace, string Pod, string Message, Priority Priority, int Count, DateTimeOffset LastSeen);

    /// <summary>A session that expires at a time it carries.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record Session(string Id, string User, [property: ExpiresAt] DateTimeOffset? ExpiresAt);

    public enum WriteSource
    {
        LeaderScrape,
        WorkerBackfill,
    }

    /// <summary>The metric store's metric point, with the write path it came from.</summary>
    [Store(Keys = new[] { nameof(Name), nameof(Labels) })]
    public partial record MetricPoint(string Name, string Labels, double Value, WriteSource Source, DateTimeOffset UpdatedAt);
}

namespace StoreGen.Tests
{
    /// <summary>Nested in stored items; persisted through its own generated codec.</summary>
    [StoreSerializable]
    public sealed record Address(string Street, System.Collections.Immutable.ImmutableArray<string> Lines, int? Floor);

    /// <summary>Every kind of member the snapshot codec supports.</summary>
    [Store(Keys = new[] { nameof(Id) })]
    public partial record Everything(
        Guid Id,
        string Text,
        string? Missing,
        bool Flag,
        byte Byte,
        sbyte SByte,
        short Short,
        ushort UShort,
        int Int,
        uint UInt,
        long Long,
        ulong ULong,
        float Float,
        double Double,
        decimal Decimal,
        Tier Tier,
        Tier? MaybeTier,
        DateTime When,
        DateTimeOffset At,
        TimeSpan Span,
        DateOnly Day,
        TimeOnly Time,
        int? MaybeInt,
        DateTimeOffset? MaybeAt,
        IReadOnlyList<string> Names,
        System.Collections.Immutable.ImmutableArray<long> Numbers,
        IReadOnlyList<Tier?> Tiers,
        IReadOnlyDictionary<string, int> Counts,
        System.Collections.Immutable.ImmutableDictionary<string, DateTimeOffset> Seen,
        Address Home,
        IReadOnlyList<Address> Others);
}

namespace StoreGen.Tests
{
    /// <summary>Members whose types come from the BCL and are persisted as they are: JSON documents, sorted and immutable maps.</summary>
    [Store(Keys = new[] { nameof(Id) })]
#pragma warning disable SG0014 // a SortedDictionary is mutable: persisted all the same, and never changed after it is stored here
    public partial record Document(
        string Id,
        System.Text.Json.JsonElement Body,
        System.Text.Json.JsonElement? MaybeBody,
        System.Text.Json.Nodes.JsonNode? Node,
        System.Text.Json.Nodes.JsonObject? Object,
        SortedDictionary<string, int> Sorted,
        System.Collections.Immutable.ImmutableSortedDictionary<string, string> ImmutableSorted,
        System.Collections.Immutable.IImmutableDictionary<string, long> ImmutableMap);
#pragma warning restore SG0014
}
