using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreGen.Generators.Tests.Corpus;

/// <summary>
/// Odd but valid declarations, each with the StoreGen diagnostics it must get (none: it builds clean). Every
/// source is prefixed with <c>using StoreGen;</c>.
/// </summary>
public static class CorpusCases
{
    private static readonly System.Lazy<IReadOnlyList<CorpusCase>> Cases = new(Build);

    public static IReadOnlyList<CorpusCase> All => Cases.Value;

    /// <summary>Names the generated store, its nested types and its members use, and the parameters and locals of its methods.</summary>
    internal static readonly string[] GeneratedNames =
    {
        "Key", "PrimaryKey", "Shape", "Reader", "SnapshotView", "QueryBuilder", "OnDemand", "ReferenceReader", "ReferenceShape", "LiveCodec", "LiveKeySchema", "Live", "AttachLive", "Schema", "WriteKey", "WriteItem", "ReadItem",
        "KeyPrefix1Matcher", "Snapshot", "Count", "Version", "Get", "TryGet", "ContainsKey", "Find", "Upsert", "TryAdd", "Remove",
        "UpsertMany", "RemoveMany", "ReplaceAll", "Clear", "RemoveWhere", "Query", "Dispose", "StoreName", "KeyNames", "KeyCount",
        "KeyOf", "ToArray", "GetByKeys", "GetEnumerator", "Sweep", "WatchAsync", "GetChangesSince", "ValidateKey", "HashKey",
        "KeyEquals", "KeyValues", "IndexNames", "IndexCount", "HasUniqueIndexes", "HasExpiresAt", "ExpiresAt", "IsUnique", "HashIndex",
        "IndexEquals", "IndexValues", "Matches", "Write", "Read", "Unsupported", "Item", "Items", "Found", "Options", "Given",
        "Position", "Operation", "Writer", "Value", "Cursor", "Predicate", "CancellationToken", "Loader", "Keys", "Now", "Index",
        "Nameof", "Var", "Await", "Async", "N", "Loads", "Wanted", "Rank", "A", "B", "KeyA", "KeyB", "_engine", "_view", "_snapshot",
        "_cache", "_references", "_",
    };

    /// <summary>Types the generated code uses, declared by the user in the entity's namespace.</summary>
    internal static readonly string[] BclNames =
    {
        "Lock", "Task", "Array", "Action", "Func", "EqualityComparer", "StoreException", "List", "String", "Object", "Int32", "Int64",
        "Guid", "DateTimeOffset", "HashCode", "Enumerable", "IEnumerable", "IReadOnlyList", "IReadOnlyCollection", "Dictionary",
        "ImmutableArray", "ValueTask", "CultureInfo", "JsonEncodedText", "Utf8JsonWriter", "Utf8JsonReader", "JsonTokenType",
        "JsonException", "NotSupportedException", "ArgumentOutOfRangeException", "GeneratedCode", "GeneratedCodeAttribute",
        "MaybeNullWhen", "IDisposable", "Nullable", "TimeSpan", "ChangeSet", "StoreOptions", "IIndexedStore", "Engine", "Persistence",
    };

    /// <summary>Member types the codec writes, each used as a non-key member.</summary>
    private static readonly string[] MemberTypes =
    {
        "string?", "int", "long?", "decimal", "double", "float", "bool", "byte", "sbyte", "short", "ushort", "uint", "ulong",
        "System.DateTime", "System.DateTimeOffset?", "System.TimeSpan", "System.DateOnly", "System.TimeOnly?", "System.Guid",
        "Color", "Color?", "int[]", "string?[]", "System.Collections.Generic.List<string>", "System.Collections.Generic.IReadOnlyList<Color>",
        "System.Collections.Generic.IReadOnlyList<int?>?", "System.Collections.Generic.Dictionary<string, int>",
        "System.Collections.Generic.IReadOnlyDictionary<string, string?>", "System.Collections.Immutable.ImmutableArray<string>",
        "System.Collections.Immutable.ImmutableList<long>", "System.Collections.Immutable.ImmutableDictionary<string, System.Guid>",
        "System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<string>>", "Part", "Part?",
        "System.Collections.Generic.List<Part?>", "PartValue", "PartValue?",
    };

    /// <summary>Key types: all of these compile and compare by value.</summary>
    private static readonly string[] KeyTypes =
    {
        "string", "int", "long", "short", "byte", "uint", "ulong", "bool", "char", "decimal", "double", "System.Guid", "System.DateTime",
        "System.DateTimeOffset", "System.TimeSpan", "System.DateOnly", "Color", "Color?", "int?", "string?", "Part", "PartValue",
        "(int, string)", "(int A, string B)", "nint", "System.Int128",
    };

    private const string Types = """
        public enum Color { Red, Green, @class }
        [StoreSerializable] public sealed partial record Part(string Name, int Size);
        [StoreSerializable] public readonly partial record struct PartValue(int X, int Y);
        """;

    private static IReadOnlyList<CorpusCase> Build()
    {
        var b = new CorpusBuilder();
        FromTheIssue(b);
        Keywords(b);
        GeneratedNameCollisions(b);
        StoreNames(b);
        foreach (var bcl in BclNames)
        {
            b.Add($"UserType_{bcl}", $$"""
                namespace Demo;
                public class {{bcl}} { }
                public enum Kind { A, B }
                [Store(Keys = new[] { nameof(Region), nameof(Id) })]
                [Index(nameof(Kind))]
                [Index(nameof(Code), Unique = true)]
                public partial record Order(string Region, string Id, Kind Kind, int Code, System.Collections.Generic.IReadOnlyList<string> Tags,
                    System.Collections.Generic.IReadOnlyDictionary<string, int>? Counts, [ExpiresAt] System.DateTimeOffset? Until, System.Guid Ref);
                """);
        }
        for (int n = 0; n < MemberTypes.Length; n++)
        {
            // Mutable collections work, but the analyzers advise against sharing them between threads.
            bool mutable = MemberTypes[n].EndsWith("[]", System.StringComparison.Ordinal) || MemberTypes[n].StartsWith("System.Collections.Generic.List", System.StringComparison.Ordinal)
                || MemberTypes[n].StartsWith("System.Collections.Generic.Dictionary", System.StringComparison.Ordinal);
            b.Add($"MemberType_{n}_{Safe(MemberTypes[n])}", $$"""
                namespace Demo;
                {{Types}}
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id, {{MemberTypes[n]}} Value);
                """, mutable ? new[] { "SG0014" } : new string[0]);
        }
        for (int n = 0; n < KeyTypes.Length; n++)
        {
            bool persistable = KeyTypes[n] is not ("char" or "(int, string)" or "(int A, string B)" or "nint" or "System.Int128");
            b.Add($"KeyType_{n}_{Safe(KeyTypes[n])}", $$"""
                namespace Demo;
                {{Types}}
                [Store(Keys = new[] { nameof(Tenant), nameof(Id) })]
                [Index(nameof(Id))]
                public partial record Widget(string Tenant, {{KeyTypes[n]}} Id);
                """, persistable ? new string[0] : new[] { "SG0019" });
        }
        Shapes(b);
        MemberKinds(b);
        Indexes(b);
        Codec(b);
        LanguageVersions(b);
        NullableContexts(b);
        return b.Cases;
    }

    private static string Safe(string type) => new(type.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());

    private static void FromTheIssue(CorpusBuilder b)
    {
        b.Add("NamesDifferOnlyInCase", """
            #pragma warning disable CS8981
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })] public partial record e(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record E(string Id);
            """);
        b.Add("SerializableNamesDifferOnlyInCase", """
            #pragma warning disable CS8981
            namespace Demo;
            [StoreSerializable] public partial record p(string Id);
            [StoreSerializable] public partial record P(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record Holder(string Id, p Lower, P Upper);
            """);
        b.Add("NamespacesDifferOnlyInCase", """
            namespace Demo.a { [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id); }
            namespace Demo.A { [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id); }
            """);
        b.Add("EscapedKeywordNamespace", """
            namespace @class.@int;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id);
            """);
        b.Add("KeywordKeysAndIndexes", """
            namespace Demo;
            [Store(Keys = new[] { nameof(@class), nameof(@namespace) })]
            [Index(nameof(@int))]
            [Index(nameof(@event), nameof(@class), Unique = true)]
            public partial record Widget(string @class, string @namespace, int @int, long @event, [ExpiresAt] System.DateTimeOffset @fixed);
            """);
        b.Add("KeySnapshot", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Snapshot) })]
            public partial record Widget(string Snapshot);
            """);
        b.Add("MemberKeyIndexedInMultiKeyStore", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Tenant), nameof(Key) })]
            [Index(nameof(Key))]
            public partial record Widget(string Tenant, string Key);
            """, "SG0020");
        b.Add("MemberKeyIndexedUnderAnotherName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Tenant), nameof(Key) })]
            [Index(nameof(Key), Name = "ByKey")]
            public partial record Widget(string Tenant, string Key);
            """);
        b.Add("ParametersCollide_ID_id", """
            namespace Demo;
            [Store(Keys = new[] { nameof(ID), nameof(id) })]
            [Index(nameof(id), nameof(ID))]
            public partial record Widget(string ID, string id);
            """);
        b.Add("ParametersCollide_Item_ItemValue", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Item), nameof(ItemValue) })]
            [Index(nameof(ItemValue), nameof(Item), Unique = true)]
            public partial record Widget(string Item, string ItemValue);
            """);
        b.Add("StoreNamedClass", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) }, Name = "class")]
            public partial record Widget(string Id);
            """, "SG0009");
        b.Add("StoreNamedLikeItsEntity", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) }, Name = "Widget")]
            public partial record Widget(string Id);
            """, "SG0013");
        b.Add("StoreNamedLikeItsPartialClassEntity", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) }, Name = "Widget")]
            public partial class Widget { public string Id { get; init; } = ""; }
            """, "SG0013");
        b.Add("TwoStoresSameName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) }, Name = "Things")] public partial record Widget(string Id);
            [Store(Keys = new[] { nameof(Id) }, Name = "Things")] public partial record Gadget(string Id);
            """, "SG0013");
        b.Add("StoreNamedLikeAnotherStoresDefault", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id);
            [Store(Keys = new[] { nameof(Id) }, Name = "WidgetStore")] public partial record Gadget(string Id);
            """, "SG0013");
        b.Add("StoreNamedLikeAnotherEntitysCodec", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id);
            [Store(Keys = new[] { nameof(Id) }, Name = "WidgetJsonCodec")] public partial record Gadget(string Id);
            """, "SG0013");
        b.Add("HandWrittenClassNamedLikeStore", """
            namespace Demo;
            public class OrderStore { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013");
        b.Add("HandWrittenPartialClassExtendsStore", """
            namespace Demo;
            public partial class OrderStore { public int Twice => Count * 2; }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """.Replace("Count * 2", "2"));
        b.Add("HandWrittenStaticClassNamedLikeStore", """
            namespace Demo;
            public static class OrderStore { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013");
        b.Add("HandWrittenStructNamedLikeStore", """
            namespace Demo;
            public partial struct OrderStore { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013");
        b.Add("HandWrittenDelegateNamedLikeStore", """
            namespace Demo;
            public delegate void OrderStore();
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013");
        b.Add("HandWrittenTypeNamedLikeCodec", """
            namespace Demo;
            public class OrderJsonCodec { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013");
        b.Add("NamespaceNamedLikeStore", """
            namespace Demo.OrderStore { public class Other { } }
            namespace Demo { [Store(Keys = new[] { nameof(Id) })] public partial record Order(string Id); }
            """, "SG0013");
        b.Add(CorpusCase.Of("HandWrittenStoreInAnotherFile", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013").AndSource("namespace Demo { public class OrderStore { } }"));
        b.Add(CorpusCase.Of("HandWrittenStoreInAnotherFileAndPart", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Order(string Id);
            """, "SG0013").AndSource("namespace Demo { public record OrderStore(int X); }"));
        b.Add("DynamicKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget { public dynamic Id { get; init; } = 0; }
            """, "SG0019", "SG0021");
        b.Add("DynamicIndex", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Extra))]
            public partial class Widget { public string Id { get; init; } = ""; public dynamic? Extra { get; init; } }
            """, "SG0019", "SG0021");
        b.Add("PointerKeyInUnsafeStruct", """
            namespace Demo;
            [Store(Keys = new[] { nameof(P) })]
            public unsafe partial struct Widget { public readonly int* P; }
            """, "SG0019", "SG0021");
        b.Add("FunctionPointerIndex", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(F))]
            public unsafe partial struct Widget { public readonly int Id; public readonly delegate*<int> F; }
            """, "SG0019", "SG0021");
        b.Add("PointerNonKeyMember", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public unsafe partial struct Widget { public readonly int Id; public readonly int* P; }
            """, "SG0019");   // readonly fields no constructor sets: a restore would lose them
        b.Add("ObjectKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(object Id);
            """, "SG0011", "SG0019");
        b.Add("SelfReferencingEntity", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record E(string Id, E? Parent);
            """);
        b.Add("DictionaryOfNullableLists", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record E(string Id, System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.List<int>?> Map);
            """, "SG0014");
    }

    private static void Keywords(CorpusBuilder b)
    {
        b.Add("KeywordEntityName", """
            #pragma warning disable CS8981
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record @class(string Id, @class? Parent);
            """);
        b.Add("KeywordContainingType", """
            #pragma warning disable CS8981
            namespace Demo;
            public partial class @struct
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """);
        b.Add("KeywordEnumMembers", """
            namespace Demo;
            public enum Kind { @class, @int, Alias = @int }
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Kind))]
            public partial record Widget(string Id, Kind Kind, Kind? Maybe, System.Collections.Generic.IReadOnlyList<Kind> All);
            """);
        b.Add("KeywordInitMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(@params) })]
            public partial class Widget
            {
                public string @params { get; init; } = "";
                public string? @default { get; init; }
                public int @this;
            }
            """, "SG0014");
        b.Add("UserTypeNamedSystem", """
            using System.Collections.Generic;
            namespace Demo;
            public class System { }
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Tags))]
            public partial record Widget(string Id, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, int> Counts, [ExpiresAt] global::System.DateTimeOffset Until);
            """);
        b.Add("ContextualKeywordMembers", """
            namespace Demo;
            [Store(Keys = new[] { "var", "dynamic", "record" })]
            [Index("await", "async", "nameof")]
            [Index("value", "yield", "global")]
            public partial record Widget(string var, string dynamic, string record, int await, int async, int nameof, int value, int yield, int global);
            """);
        b.Add("KeywordNamespaceNested", """
            namespace @namespace.@void
            {
                public partial class @in
                {
                    [Store(Keys = new[] { nameof(@out) })]
                    public partial record @ref(string @out);
                }
            }
            """.Insert(0, "#pragma warning disable CS8981\n"));
        b.Add("UnderscoreMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(_), nameof(__) })]
            [Index(nameof(_x), nameof(x_))]
            public partial class Widget
            {
                public string _ { get; init; } = "";
                public string __ { get; init; } = "";
                public int _x { get; init; }
                public int x_ { get; init; }
            }
            """);
        b.Add("UnicodeNames", """
            namespace Démo.Ünïcode;
            [Store(Keys = new[] { nameof(Clé) })]
            [Index(nameof(Größe))]
            public partial record Café(string Clé, int Größe);
            """);
    }

    private static void GeneratedNameCollisions(CorpusBuilder b)
    {
        foreach (var name in GeneratedNames)
        {
            // As a key and an index member, beside a member whose generated parameter name is the same word.
            b.Add($"MemberNamed_{name}", $$"""
                namespace Demo;
                [Store(Keys = new[] { nameof(Tenant), nameof({{name}}) })]
                [Index(nameof({{name}}), nameof(Other), Unique = true)]
                [Index(nameof(Other), nameof({{name}}))]
                public partial class Widget
                {
                    public string Tenant { get; init; } = "";
                    public string {{name}} { get; init; } = "";
                    public int Other { get; init; }
                    [ExpiresAt] public System.DateTimeOffset? Until { get; init; }
                }
                """);
        }
        foreach (var name in new[] { "Key", "Shape", "Reader", "SnapshotView", "QueryBuilder", "OnDemand", "LiveCodec", "Count", "Get", "Snapshot", "KeyPrefix1Matcher" })
        {
            b.Add($"StoreNamed_{name}", $$"""
                namespace Demo;
                [Store(Keys = new[] { nameof(A), nameof(B) }, Name = "{{name}}")]
                public partial record Widget(string A, int B);
                """, "SG0020");
        }
        foreach (var name in new[] { "Key", "Keys", "Async", "Indexed", "KeyPrefix1", "Endpoint" })
        {
            b.Add($"IndexNamed_{name}", $$"""
                namespace Demo;
                [Store(Keys = new[] { nameof(A), nameof(B) })]
                [Index(nameof(C), Name = "{{name}}")]
                [Index(nameof(B), nameof(C), Name = "{{name}}Unique", Unique = true)]
                public partial record Widget(string A, string B, string C);
                """, name == "Key" ? new[] { "SG0020" } : new string[0]);
        }
        b.Add("KeyMembersNamedKeyAndPrimaryKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Key), nameof(PrimaryKey) })]
            public partial record Widget(string Key, string PrimaryKey);
            """);
        b.Add("KeyMembersNamedLikeEveryKeyStructName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Key), nameof(PrimaryKey), nameof(StoreKey), nameof(EntryKey), nameof(Key2) })]
            public partial record Widget(string Key, string PrimaryKey, string StoreKey, string EntryKey, string Key2);
            """);
        b.Add("KeyMemberNamedDeconstruct", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Deconstruct) })]
            public partial class Widget { public string Deconstruct { get; init; } = ""; }
            """, "SG0020");
        b.Add("KeyMemberNamedPrintMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(PrintMembers) })]
            public partial class Widget { public string PrintMembers { get; init; } = ""; }
            """, "SG0020");
    }

    private static void StoreNames(CorpusBuilder b)
    {
        (string Name, string[] Expected)[] names =
        {
            ("Widgets", new string[0]), ("widgets", new[] { "SG0009" }), ("var", new[] { "SG0009" }), ("record", new[] { "SG0009" }),
            ("_Widgets", new string[0]), ("Café", new string[0]), ("@Widgets", new[] { "SG0009" }), ("Not A Name", new[] { "SG0009" }),
            ("", new[] { "SG0009" }), ("int", new[] { "SG0009" }), ("Demo", new string[0]), ("Widget2", new string[0]),
        };
        for (int n = 0; n < names.Length; n++)
        {
            b.Add($"StoreName_{n}_{Safe(names[n].Name)}", $$"""
                namespace Demo;
                [Store(Keys = new[] { nameof(Id) }, Name = "{{names[n].Name}}")]
                public partial record Widget(string Id);
                """, names[n].Expected);
        }
        b.Add("NestedStoreNamedLikeContainingType", """
            namespace Demo;
            public partial class Outer
            {
                [Store(Keys = new[] { nameof(Id) }, Name = "Outer")]
                public partial record Widget(string Id);
            }
            """, "SG0013");
        b.Add("NestedStoreNamedLikeAMemberOfContainingType", """
            namespace Demo;
            public partial class Outer
            {
                public int WidgetStore => 1;
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """, "SG0013");
        b.Add("NestedStoreNamedLikeAnInheritedPartialClass", """
            namespace Demo;
            public partial class Base { public partial class WidgetStore { } }
            public partial class Outer : Base
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """, "SG0013");
        b.Add("NestedStoreExtendedInContainingType", """
            namespace Demo;
            public partial class Outer
            {
                public partial class WidgetStore { public int Extra => 1; }
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """);
        b.Add("NestedStoreNamedLikeAnInheritedMember", """
            namespace Demo;
            public class Base { public int WidgetStore => 1; }
            public partial class Outer : Base
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """, "SG0013");
    }

    private static void Shapes(CorpusBuilder b)
    {
        b.Add("Generic", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget<T>(string Id, T Value);
            """, "SG0007");
        b.Add("NestedInGeneric", """
            namespace Demo;
            public partial class Outer<T>
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """, "SG0007");
        b.Add("DeeplyNested", """
            namespace Demo.A.B;
            public partial class L1 { public partial struct L2 { public partial record L3 { public partial record struct L4 { public partial interface L5 {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            } } } } }
            """);
        b.Add("NestedPrivate", """
            namespace Demo;
            public partial class Outer
            {
                [Store(Keys = new[] { nameof(Id) })]
                private partial record Widget(string Id);
            }
            """);
        b.Add("NestedProtectedInternal", """
            namespace Demo;
            public partial class Outer
            {
                [Store(Keys = new[] { nameof(Id) })]
                protected internal partial record Widget(string Id);
            }
            """);
        b.Add("NestedPrivateProtected", """
            namespace Demo;
            public partial class Outer
            {
                [Store(Keys = new[] { nameof(Id) })]
                private protected partial record Widget(string Id);
            }
            """);
        b.Add("ReadonlyRecordStruct", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Size))]
            public readonly partial record struct Widget(string Id, int Size);
            """);
        b.Add("PlainStructWithFields", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public readonly partial struct Widget { public readonly int Id; public readonly string? Name; }
            """, "SG0019");   // no constructor sets the readonly fields: a restore would lose them
        b.Add("SealedClass", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            internal sealed partial class Widget { public required string Id { get; init; } }
            """);
        b.Add("AbstractClass", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public abstract partial class Widget { public string Id { get; init; } = ""; }
            """, "SG0019");
        b.Add("DerivedFromAnotherEntity", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id);
            [Store(Keys = new[] { nameof(Id), nameof(Extra) })]
            public partial record Gadget(string Id, int Extra) : Widget(Id);
            """);
        b.Add("StaticClass", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public static partial class Widget { public static string Id = ""; }
            """, "SG0010");
        b.Add("RefStruct", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public ref partial struct Widget { public readonly int Id; }
            """, "SG0010");
        b.Add("FileLocal", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            file partial record Widget(string Id);
            """, "SG0010");
        b.Add("NotPartial", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public record Widget(string Id);
            """, "SG0001");
        b.Add("OuterNotPartial", """
            namespace Demo;
            public class Outer
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id);
            }
            """, "SG0006");
        b.Add(CorpusCase.Of("SplitPartials", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget { public string Id { get; init; } = ""; }
            """).AndSource("""
            namespace Demo;
            [Index(nameof(Size))]
            public partial class Widget { public int Size { get; init; } [ExpiresAt] public System.DateTimeOffset Until { get; init; } }
            """));
        b.Add("SplitPartialsOneFile", """
            namespace Demo;
            public partial record Widget { public int Size { get; init; } }
            [Store(Keys = new[] { nameof(Id), nameof(Size) })]
            public partial record Widget(string Id);
            """);
        b.Add("GlobalNamespaceNested", """
            public partial class Outer
            {
                [Store(Keys = new[] { nameof(Id) })]
                internal partial record Widget(string Id);
            }
            """);
        b.Add("BlockNamespaces", """
            namespace Demo { namespace Inner { [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id); } }
            namespace Demo.Inner2 { [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id); }
            """);
        b.Add("NamespaceNamedSystem", """
            namespace Demo.System;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, global::System.Guid Ref);
            """);
        b.Add("NamespaceNamedStoreGen", """
            namespace Demo.StoreGen { public class Engine { } }
            namespace Demo { [global::StoreGen.Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id); }
            """);
        b.Add("EntityNamedLikeGeneratedTypes", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })] public partial record Shape(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record Reader(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record Key(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record SnapshotView(string Id);
            """);
        b.Add("EntityNamedLikeAnotherEntitysStore", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })] public partial record Widget(string Id);
            [Store(Keys = new[] { nameof(Id) })] public partial record WidgetStore(string Id);
            """, "SG0013");
        b.Add("GenericBaseType", """
            namespace Demo;
            public abstract record Base<T>(T Value);
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Value))]
            public partial record Widget(string Id, int Value) : Base<int>(Value);
            """);
        b.Add("GenericStoreOfSameNameBeside", """
            namespace Demo;
            public class WidgetStore<T> { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id);
            """);
        b.Add("StoreAndStoreSerializableOnOneType", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [StoreSerializable]
            public partial record Widget(string Id, Widget? Parent);
            """);
        b.Add("StoreNestedInStoreEntity", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Outer(string Id, Outer.Inner? First)
            {
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Inner(string Id);
            }
            """);
        b.Add("TenKeys", """
            namespace Demo;
            [Store(Keys = new[] { nameof(A), nameof(B), nameof(C), nameof(D), nameof(E), nameof(F), nameof(G), nameof(H), nameof(I), nameof(J) })]
            [Index(nameof(J), nameof(I), nameof(H), nameof(G), nameof(F), nameof(E), nameof(D), nameof(C), nameof(B))]
            public partial record Widget(string A, int B, string C, int D, string E, int F, string G, int H, string I, int J);
            """);
        b.Add("InternalKeyTypeOnPublicEntity", """
            namespace Demo;
            internal enum Secret { A, B }
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Kind))]
            public partial class Widget { public string Id { get; init; } = ""; internal Secret Kind { get; init; } }
            """);
    }

    private static void MemberKinds(CorpusBuilder b)
    {
        b.Add("PrivateKeyTypeOfContainingType", """
            namespace Demo;
            public partial class Outer
            {
                private enum Secret { A, B }
                [Store(Keys = new[] { nameof(Id) })]
                [Index(nameof(Kind))]
                private partial class Widget { public string Id { get; init; } = ""; internal Secret Kind { get; init; } }
            }
            """);
        b.Add("ProtectedInternalMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Kind))]
            public partial class Widget { protected internal string Id { get; init; } = ""; protected internal int Kind { get; init; } }
            """);
        b.Add("FieldsAndProperties", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id), nameof(Region) })]
            [Index(nameof(Computed))]
            public partial class Widget
            {
                public readonly string Id = "";
                public string Region { get; } = "";
                public int Computed => Id.Length;
                internal int Hidden { get; init; }
            }
            """, "SG0019");   // Id and Region: nothing can set them on restore (Computed is derived, not state)
        b.Add("InheritedKey", """
            namespace Demo;
            public abstract record Base(string Id);
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, int Size) : Base(Id);
            """);
        b.Add("StaticMemberAsKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget { public static string Id = ""; }
            """, "SG0003");
        b.Add("PrivateMemberAsKey", """
            namespace Demo;
            [Store(Keys = new[] { "Id" })]
            public partial class Widget { private string Id { get; } = ""; public string Get() => Id; }
            """, "SG0003");
        b.Add("MethodAsKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget { public string Id() => ""; }
            """, "SG0003");
        b.Add("EventAsKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Changed) })]
            public partial class Widget { public event System.Action? Changed; public void Raise() => Changed?.Invoke(); }
            """, "SG0003");
        b.Add("WriteOnlyPropertyAsKey", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget { private string _id = ""; public string Id { set => _id = value; } public string Read() => _id; }
            """, "SG0003", "SG0012", "SG0014");
        b.Add("ConstructorParameterNamesDifferInCase", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public Widget(string id, string ID) { Id = id; Upper = ID; }
                public string Id { get; }
                public string Upper { get; }
            }
            """, "SG0019");
        b.Add("MembersDifferOnlyInCase", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(id))]
            public partial class Widget
            {
                public Widget(string id, string Id) { this.id = id; this.Id = Id; }
                public string id { get; }
                public string Id { get; }
            }
            """, "SG0019");   // both are written as 'id'; the store works in memory
        b.Add("RequiredMemberSetByConstructor", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                public Widget(string id) { Id = id; }
                public Widget() { }
                public required string Id { get; init; }
            }
            """);
        b.Add("RequiredMemberAlsoConstructorParameter", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public Widget(string id) { Id = id; }
                public Widget() { }
                public required string Id { get; init; }
            }
            """);
        b.Add("RequiredMemberOnlyThroughConstructor", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public Widget(string id) { Id = id; }
                public required string Id { get; init; }
            }
            """, "SG0019");
        b.Add("NoUsableConstructor", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                private Widget(string id) { Id = id; }
                public static Widget Create(string id) => new(id);
                public string Id { get; }
            }
            """, "SG0019");
        b.Add("ExpiryOnField", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial struct Widget { public string Id; [ExpiresAt] public System.DateTimeOffset @event; }
            """, "SG0012", "SG0014");
    }

    private static void Indexes(CorpusBuilder b)
    {
        b.Add("IndexOnKeyMember", """
            namespace Demo;
            [Store(Keys = new[] { nameof(A), nameof(B) })]
            [Index(nameof(B))]
            [Index(nameof(A), nameof(B), Name = "Both", Unique = true)]
            public partial record Widget(string A, int B);
            """);
        b.Add("IndexNamesFromMembersCollide", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(AB))]
            [Index(nameof(A), nameof(B))]
            public partial record Widget(string Id, string AB, string A, string B);
            """, "SG0008");
        b.Add("IndexOnNullableMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Owner), Unique = true)]
            [Index(nameof(Size))]
            public partial record Widget(string Id, string? Owner, int? Size);
            """);
        b.Add("IndexWithKeywordName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Size), Name = "int")]
            public partial record Widget(string Id, int Size);
            """);
        b.Add("IndexNameNotIdentifier", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Size), Name = "By Size")]
            public partial record Widget(string Id, int Size);
            """, "SG0009");
        b.Add("NineMemberIndex", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E), nameof(F), nameof(G), nameof(H), nameof(I))]
            public partial record Widget(string Id, int A, int B, int C, int D, int E, int F, int G, int H, int I);
            """);
    }

    private static void Codec(CorpusBuilder b)
    {
        b.Add("NestedListsTooDeep", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, int[][][][][][][][][][] Deep);
            """, "SG0014", "SG0019");
        b.Add("DictionaryWithIntKeys", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, System.Collections.Generic.IReadOnlyDictionary<int, string> Map);
            """, "SG0019");
        b.Add("NullableNestedObjects", """
            namespace Demo;
            [StoreSerializable] public partial record Part(string Name, Part? Next);
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, Part? One, System.Collections.Generic.List<Part?> Many, System.Collections.Generic.Dictionary<string, Part?> ByName, Part?[] Array);
            """, "SG0014");
        b.Add("NestedSerializableInContainingType", """
            namespace Demo;
            public partial class Outer
            {
                [StoreSerializable] public partial record @class(string Name);
                [Store(Keys = new[] { nameof(Id) })]
                public partial record Widget(string Id, @class Part);
            }
            """.Insert(0, "#pragma warning disable CS8981\n"));
        b.Add("EnumEdgeCases", """
            namespace Demo;
            [System.Flags] public enum Flags : byte { None = 0, A = 1, B = 2, Both = A | B }
            public enum Signed : long { Min = long.MinValue, Zero = 0 }
            public enum Empty { }
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, Flags F, Signed S, Empty E, Signed? N);
            """);
        b.Add("SerializableWithUnsupportedMember", """
            namespace Demo;
            [StoreSerializable] public partial record Part(string Name, object Any);
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, Part Part);
            """, "SG0019");
        b.Add("MemberNamedLikeCodecLocals", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string Writer, string Reader, int Value0, string ValueValue0, int I0, string List0, string Map0, string Key0, string Entry0, string Other, string Expires, string ReadId);
            """);
        b.Add("MembersDifferingInCaseWithDistinctJsonNames", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string ID);
            """);
        JsonNameClashes(b);
        StateNotPersisted(b);
    }

    /// <summary>Two members written under one JSON name, or a former name that reads another member's value: SG0019.</summary>
    private static void JsonNameClashes(CorpusBuilder b)
    {
        b.Add("JsonNameClash_FirstLetterCase", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string Name, string name);
            """, "SG0019");
        b.Add("JsonNameClash_CamelCasedUpperCase", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string ID, string iD);
            """, "SG0019");
        b.Add("JsonNameClash_InitMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Key) })]
            public partial class Widget { public string Key { get; init; } = ""; public int Size { get; init; } public int size; }
            """, "SG0014", "SG0019");
        b.Add("JsonNameClash_InheritedMember", """
            namespace Demo;
            public record Base(string Label);
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, string label, string Label) : Base(Label);
            """, "SG0019");
        b.Add("FormerNameIsAnotherMembersName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, [StoreFormerName("Payload")] string Body, string Payload);
            """, "SG0019");
        b.Add("FormerNameIsAnotherMembersJsonName", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, [StoreFormerName("payload")] string Body, string? Payload);
            """, "SG0019");
        b.Add("FormerNameDeclaredByTwoMembers", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, [StoreFormerName("text")] string Body, [StoreFormerName("Text")] string Summary);
            """, "SG0019");
        b.Add("FormerNameIsOwnNameInOtherCase", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, [StoreFormerName("Body")] string body, [StoreFormerName("content")] string Text);
            """);
    }

    /// <summary>State the codec cannot set on restore (its value would be lost) is SG0019; computed members are not state.</summary>
    private static void StateNotPersisted(CorpusBuilder b)
    {
        b.Add("ReadonlyFieldNotConstructorParameter", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public Widget(string id) { Id = id; }
                public string Id { get; }
                public readonly int Size = 3;
            }
            """, "SG0019");
        b.Add("GetOnlyAutoPropertyNotConstructorParameter", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id)
            {
                public System.DateTimeOffset Created { get; } = System.DateTimeOffset.UtcNow;
            }
            """, "SG0019");
        b.Add("PrivateSetProperty", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public string Id { get; init; } = "";
                public int Hits { get; private set; }
            }
            """, "SG0014", "SG0019");
        b.Add("PrivateInitPropertyWithBody", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                private int _hits;
                public string Id { get; init; } = "";
                public int Hits { get => _hits; private init => _hits = value; }
            }
            """, "SG0014", "SG0019");
        b.Add("ComputedPropertiesAreNotState", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial record Widget(string Id, int Width, int Height)
            {
                public int Area => Width * Height;
                public string Label { get { return Id + ":" + Area; } }
                public bool IsEmpty => Area == 0;
            }
            """);
        b.Add("GetOnlyPropertyFromConstructorParameter", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public partial class Widget
            {
                public Widget(string id, int size) { Id = id; Size = size; }
                public string Id { get; }
                public int Size { get; }
                public int Double => Size * 2;
            }
            """);
        b.Add("ReadonlyFieldsFromConstructor", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            public readonly partial struct Widget
            {
                public Widget(string id, int size) { Id = id; Size = size; }
                public readonly string Id;
                public readonly int Size;
            }
            """);
    }

    private static void LanguageVersions(CorpusBuilder b)
    {
        const string source = """
            namespace Demo;
            public enum Kind { A, B }
            [Store(Keys = new[] { nameof(Region), nameof(Id) })]
            [Index(nameof(Kind))]
            [Index(nameof(Code), Unique = true)]
            public partial record Widget(string Region, string Id, Kind Kind, int Code, System.Collections.Generic.IReadOnlyList<string> Tags, [ExpiresAt] System.DateTimeOffset? Until);
            """;
        b.Add(CorpusCase.Of("LangVersion10", source, "SG0022").With(LanguageVersion.CSharp10));
        b.Add(CorpusCase.Of("LangVersion11", source).With(LanguageVersion.CSharp11));
        b.Add(CorpusCase.Of("LangVersion12", source).With(LanguageVersion.CSharp12));
        b.Add(CorpusCase.Of("LangVersion13", source).With(LanguageVersion.CSharp13));
        b.Add(CorpusCase.Of("LangVersionPreview", source).With(LanguageVersion.Preview));
        b.Add(CorpusCase.Of("LangVersion11_Keywords", """
            namespace Demo;
            [Store(Keys = new[] { nameof(@class), nameof(@int) })]
            [Index(nameof(@int), nameof(@class), Unique = true)]
            public partial class Widget { public string @class { get; init; } = ""; public int @int { get; init; } }
            """).With(LanguageVersion.CSharp11));
        b.Add(CorpusCase.Of("LangVersion10_Serializable", """
            namespace Demo;
            [StoreSerializable] public partial record Part(string Name);
            """, "SG0022").With(LanguageVersion.CSharp10));
    }

    private static void NullableContexts(CorpusBuilder b)
    {
        const string source = """
            namespace Demo;
            public class Blob { }
            [StoreSerializable] public partial record Part(string Name, Part Next);
            [Store(Keys = new[] { nameof(Id), nameof(Owner) })]
            [Index(nameof(Tag))]
            public partial record Widget(string Id, string Owner, string Tag, Part Part, System.Collections.Generic.List<string> Names,
                System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<Part>> Map, int? Size);
            """;
        // List and Dictionary members get the analyzers' advice to use immutable collections (SG0014).
        b.Add(CorpusCase.Of("NullableDisabledProject", source, "SG0014").With(NullableContextOptions.Disable));
        b.Add(CorpusCase.Of("NullableAnnotationsOnly", source, "SG0014").With(NullableContextOptions.Annotations));
        b.Add(CorpusCase.Of("NullableWarningsOnly", source, "SG0014").With(NullableContextOptions.Warnings));
        b.Add("NullableDisabledInFile", "#nullable disable\n" + source, "SG0014");
        b.Add(CorpusCase.Of("NullableDisabledProjectClass", """
            namespace Demo;
            [Store(Keys = new[] { nameof(Id) })]
            [Index(nameof(Tag), Unique = true)]
            public partial class Widget { public string Id { get; init; } public string Tag { get; init; } public Widget Parent { get; init; } }
            """).With(NullableContextOptions.Disable));
    }
}
