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
    };
}
