using System.Collections.Generic;
using System.Linq;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the private <c>Shape</c> struct (how keys and indexes are derived, hashed and compared) and one small
/// matcher struct per lookup. The engine is generic over these structs, so the JIT compiles a specialized engine
/// per store with every comparison inlined.
/// </summary>
internal static class ShapeEmitter
{
    public static void Emit(SourceWriter w, EmitContext c)
    {
        var m = c.Model;
        string entity = c.Entity;
        string inEntity = $"in {entity}";
        w.Line("/// <summary>The lock-free reads of this store's views, under a short name.</summary>");
        w.Line($"private abstract class Reader : global::StoreGen.Engine.StoreReader<{c.KeyType}, {entity}, Shape>");
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("/// <summary>How this store's keys and indexes are derived, hashed and compared.</summary>");
        using (w.Block($"private readonly struct Shape : global::StoreGen.Engine.IStoreShape<{c.KeyType}, {entity}>"))
        {
            w.Line($"public static string StoreName => \"{m.StoreName}\";");
            w.Line();
            w.Line($"public static {EmitContext.ReadOnlyList}<string> KeyNames {{ get; }} = new[] {{ {Quoted(m.Keys.Select(k => k.Name))} }};");
            w.Line();
            w.Line($"public static {EmitContext.ReadOnlyList}<string> IndexNames {{ get; }} = {StringArray(c.Lookups.Select(l => l.DisplayName))};");
            w.Line();
            w.Line($"public static int IndexCount => {c.Lookups.Count};");
            w.Line();
            w.Line($"public static bool HasUniqueIndexes => {(c.Lookups.Any(l => l.Unique) ? "true" : "false")};");
            w.Line();
            w.Line($"public static bool HasExpiresAt => {(m.Expiry is null ? "false" : "true")};");
            w.Line();
            w.Line($"public static long ExpiresAt({inEntity} item) => {ExpiresAt(m.Expiry)};");
            w.Line();
            w.Line($"public static {c.KeyType} KeyOf({inEntity} item) => new({string.Join(", ", m.Keys.Select(k => "item." + k.Identifier))});");
            w.Line();
            w.Line($"public static string? ValidateKey(in {c.KeyType} key) =>");
            w.Line($"    {NullChecks(m.Keys, "key")};");
            w.Line();
            w.Line($"public static object?[] KeyValues(in {c.KeyType} key) => new object?[] {{ {string.Join(", ", m.Keys.Select(k => "key." + k.Identifier))} }};");
            w.Line();
            w.Line($"public static int HashKey(in {c.KeyType} key) => {Hash(m.Keys.Select(k => "key." + k.Identifier).ToList())};");
            w.Line();
            w.Line($"public static bool KeyEquals(in {c.KeyType} a, in {c.KeyType} b) =>");
            w.Line($"    {SourceWriter.All(m.Keys.Select(k => Equal(k, "a." + k.Identifier, "b." + k.Identifier)), "    ")};");
            w.Line();
            var unique = c.Lookups.Where(l => l.Unique).Select(l => l.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            w.Line($"public static bool IsUnique(int index) => {(unique.Count == 0 ? "false" : "index is " + string.Join(" or ", unique))};");
            w.Line();
            EmitIndexSwitch(w, c, $"int HashIndex(int index, in {c.KeyType} key, {inEntity} item)",
                l => $"{l.HashMethod}({string.Join(", ", l.Members.Select(member => l.Read(member, "key", "item")))})");
            EmitIndexSwitch(w, c, $"bool IndexEquals(int index, in {c.KeyType} keyA, {inEntity} a, in {c.KeyType} keyB, {inEntity} b)",
                l => SourceWriter.All(l.Members.Select(member => Equal(member, l.Read(member, "keyA", "a"), l.Read(member, "keyB", "b"))), ArmContinuation));
            EmitIndexSwitch(w, c, $"object?[] IndexValues(int index, in {c.KeyType} key, {inEntity} item)",
                l => $"new object?[] {{ {string.Join(", ", l.Members.Select(member => l.Read(member, "key", "item")))} }}");
            foreach (var lookup in c.Lookups)
            {
                w.Line($"public static int {lookup.HashMethod}({lookup.Parameters}) => {Hash(lookup.Members.Select(x => x.ParameterName).ToList())};");
                w.Line();
                if (lookup.ChecksNull)
                {
                    using (w.Block($"public static int Checked{lookup.HashMethod}(string operation, {lookup.Parameters})"))
                    {
                        foreach (var member in lookup.Members.Where(member => member.IsReferenceType))
                        {
                            using (w.Block($"if ({member.ParameterName} is null)"))
                            {
                                w.Line($"throw new global::StoreGen.StoreException(StoreName, operation, new object?[] {{ {lookup.Arguments} }}, \"key member '{member.Name}' is null\");");
                            }
                        }
                        w.Line($"return {lookup.HashMethod}({lookup.Arguments});");
                    }
                    w.Line();
                }
            }
        }
        foreach (var lookup in c.Lookups)
        {
            w.Line();
            w.Line($"/// <summary>Matches entries by {lookup.DisplayName}.</summary>");
            // Key-prefix matchers also match bare keys, for the on-demand store's reference index.
            string alsoKeys = lookup.FromKey && c.HasOnDemand ? $", global::StoreGen.Engine.IEntryMatcher<{c.KeyType}, {c.KeyType}>" : "";
            using (w.Block($"private readonly struct {lookup.MatcherType} : global::StoreGen.Engine.IEntryMatcher<{c.KeyType}, {entity}>{alsoKeys}"))
            {
                // Fields and a constructor rather than a primary constructor, so the store compiles as C# 11.
                foreach (var member in lookup.Members)
                {
                    w.Line($"private readonly {member.Type} {Field(member)};");
                }
                w.Line();
                using (w.Block($"public {lookup.MatcherType}({lookup.Parameters})"))
                {
                    foreach (var member in lookup.Members)
                    {
                        w.Line($"{Field(member)} = {member.ParameterName};");
                    }
                }
                w.Line();
                string condition = SourceWriter.All(lookup.Members.Select(member => Equal(member, lookup.Read(member, "key", "item"), Field(member))), "    ");
                w.Line($"public bool Matches(in {c.KeyType} key, {inEntity} item) =>");
                w.Line($"    {condition};");
                if (alsoKeys.Length > 0)
                {
                    w.Line();
                    w.Line($"public bool Matches(in {c.KeyType} key, in {c.KeyType} item) =>");
                    w.Line($"    {condition};");
                }
            }
        }
    }

    /// <summary>A matcher's field for <paramref name="member"/>: <c>_host</c>, <c>_class</c>.</summary>
    private static string Field(MemberModel member) => "_" + member.ParameterName.TrimStart('@');

    private static void EmitIndexSwitch(SourceWriter w, EmitContext c, string signature, System.Func<Lookup, string> arm) =>
        EmitIndexSwitch(w, c.Lookups, signature, arm);

    /// <summary>Where a switch arm of <see cref="EmitIndexSwitch(SourceWriter, IReadOnlyList{Lookup}, string, System.Func{Lookup, string})"/> continues on its next line.</summary>
    public const string ArmContinuation = "        ";

    /// <summary>A static method switching on the engine index number over <paramref name="lookups"/>.</summary>
    public static void EmitIndexSwitch(SourceWriter w, IReadOnlyList<Lookup> lookups, string signature, System.Func<Lookup, string> arm)
    {
        if (lookups.Count == 0)
        {
            w.Line($"public static {signature} =>");
            w.Line("    throw new global::System.ArgumentOutOfRangeException(nameof(index));");
            w.Line();
            return;
        }
        w.Line($"public static {signature} => index switch");
        w.Line("{");
        foreach (var lookup in lookups)
        {
            w.Line($"    {lookup.Number} => {arm(lookup)},");
        }
        w.Line("    _ => throw new global::System.ArgumentOutOfRangeException(nameof(index)),");
        w.Line("};");
        w.Line();
    }

    /// <summary><c>HashCode.Combine</c> of the values (null-safe, well mixed); more than eight values use <c>HashCode.Add</c>.</summary>
    private static string Hash(IReadOnlyList<string> values)
    {
        string combined = $"global::System.HashCode.Combine({string.Join(", ", values.Take(8))})";
        for (int next = 8; next < values.Count; next += 7)
        {
            combined = $"global::System.HashCode.Combine({combined}, {string.Join(", ", values.Skip(next).Take(7))})";
        }
        return combined;
    }

    private static string ExpiresAt(ExpiryModel? expiry) => expiry switch
    {
        null => "long.MaxValue",
        { Nullable: true } => $"item.{expiry.Identifier} is {{ }} expires ? expires.UtcTicks : long.MaxValue",
        _ => $"item.{expiry.Identifier}.UtcTicks",
    };

    public static string Equal(MemberModel member, string a, string b) =>
        $"{EmitContext.Comparer}<{member.Type}>.Default.Equals({a}, {b})";

    /// <summary>A conditional expression giving the first null key member's message, or null.</summary>
    private static string NullChecks(IEnumerable<MemberModel> members, string? owner)
    {
        var checks = members.Where(member => member.IsReferenceType)
            .Select(member => $"{(owner is null ? member.ParameterName : owner + "." + member.Identifier)} is null ? \"key member '{member.Name}' is null\"")
            .ToList();
        return checks.Count == 0 ? "null" : string.Join(" : ", checks) + " : null";
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => "\"" + v + "\""));

    private static string StringArray(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<string>()" : $"new[] {{ {Quoted(list)} }}";
    }
}
