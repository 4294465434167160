using System.Collections.Generic;

namespace StoreGen.Generators.Tests;

/// <summary>Representative declarations whose generated source is kept under Golden/ and reviewed like code.</summary>
public static class GoldenCases
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["SingleKey"] = """
            using StoreGen;
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string Color);
            """,
        ["ThreeKeys"] = """
            using StoreGen;
            namespace Demo;
            public enum Tier { Free, Pro }
            [Store(Keys = new[] { nameof(Region), nameof(Shard), nameof(Tier) })]
            public partial record Placement(string Region, int Shard, Tier Tier, string? Owner);
            """,
        ["Indexes"] = """
            using System;
            using StoreGen;
            namespace Demo;
            [Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
            [Index(nameof(Host))]
            [Index(nameof(Uid), Unique = true)]
            [Index(nameof(Host), nameof(Port), Name = "Endpoint")]
            public partial record Ingress(string Namespace, string Name, string Host, int Port, Guid Uid);
            """,
        ["ClassWithInitProperties"] = """
            using StoreGen;
            namespace Demo.Inventory;
            [Store(Keys = new[] { nameof(Sku) }, Name = "Catalog")]
            [Index(nameof(Category))]
            internal sealed partial class Product
            {
                public required string Sku { get; init; }
                public string? Category { get; init; }
                public decimal Price { get; init; }
            }
            """,
        ["RecordStruct"] = """
            using System;
            using StoreGen;
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record struct Token(Guid Id, string Kind);
            """,
        ["GlobalNamespace"] = """
            using StoreGen;
            [Store(Keys = new[] { nameof(Code) })]
            public partial record Country(string Code, string Name);
            """,
        ["Nested"] = """
            using StoreGen;
            namespace Demo;
            public static partial class Registry
            {
                [Store(Keys = new[] { nameof(Key) })]
                public partial record Entry(string Key, string Value);
            }
            """,
        ["ExpiresAt"] = """
            using System;
            using StoreGen;
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Session(string Id, [ExpiresAt] DateTimeOffset? Until);
            """,
        ["IntEnumAndGuidKeys"] = """
            using System;
            using StoreGen;
            namespace Demo;
            public enum Kind { A, B }
            [Store(Keys = new[] { nameof(Number), nameof(Kind), nameof(Ref) })]
            [Index(nameof(Kind))]
            public partial record Event(int Number, Kind Kind, Guid Ref, long @event);
            """,
        ["CodecCollectionsAndNested"] = """
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using StoreGen;
            namespace Demo;
            public enum Channel { Email, Sms }
            [StoreSerializable] public partial record Address(string Street, string? City);
            [StoreSerializable] public readonly partial record struct Point(int X, int Y);
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Message(
                string Id,
                [StoreFormerName("payload"), StoreFormerName("Text")] string Body,
                IReadOnlyList<string> Tags,
                ImmutableDictionary<string, int> Counts,
                IReadOnlyDictionary<string, Address?> Addresses,
                int? Priority,
                DateTimeOffset? Sent,
                Channel? Via,
                Address Home,
                Point? At,
                ImmutableArray<Point> Path,
                IReadOnlyList<IReadOnlyList<double>> Grid)
            {
                public required string Owner { get; init; }
                public string? Reviewer { get; init; }
                [StoreFormerName("refs")] public ImmutableList<Guid> References { get; init; } = ImmutableList<Guid>.Empty;
                public int Length => Body.Length;
            }
            """,
        ["CodecConstructorDefaults"] = """
            using StoreGen;
            namespace Demo;
            public enum Channel { Email, Sms }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Notice(
                string Id,
                string Subject = "(none)",
                int Retries = 3,
                long Budget = -1,
                double Weight = double.NaN,
                float Scale = float.PositiveInfinity,
                decimal Price = 1.5m,
                bool Urgent = true,
                Channel Via = Channel.Sms,
                string? Note = null,
                int? Limit = null);
            """,
    };
}
