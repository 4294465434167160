using System.Collections.Generic;
using System.Linq;
using StoreGen.Generators.Parsing;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the snapshot view: a struct over one immutable engine state that carries every typed read. The store's
/// own reads forward to <c>Snapshot()</c>, so each read is written once.
/// </summary>
internal static class SnapshotEmitter
{
    /// <summary>A read member: its documentation, its signature, how the store forwards to it, and its body on the snapshot.</summary>
    public sealed record ReadMember(string Doc, string Signature, string Call, string Body);

    public static IEnumerable<ReadMember> ReadMembers(EmitContext c)
    {
        string entity = c.Entity;
        string reader = c.Reader;
        yield return new ReadMember(
            "/// <summary>The item with this key, or null if there is none (not found is not an error).</summary>",
            $"{c.NullableEntity} Get({c.KeyParameters})",
            $"Get({c.KeyArguments})",
            $"{reader}.TryGet(_view, {reader}.Checked(new {c.KeyType}({c.KeyArguments}), nameof(Get)), out var found) ? found : default({c.NullableEntity})");
        yield return new ReadMember(
            "/// <summary>The item with <paramref name=\"key\"/>, or null if there is none.</summary>",
            $"{c.NullableEntity} Get({c.KeyType} key)",
            "Get(key)",
            $"{reader}.TryGet(_view, {reader}.Checked(key, nameof(Get)), out var found) ? found : default({c.NullableEntity})");
        yield return new ReadMember(
            "/// <summary>Gets the item with this key; returns false if there is none.</summary>",
            $"bool TryGet({c.KeyParameters}, {EmitContext.MaybeNullWhenFalse} out {entity} item)",
            $"TryGet({c.KeyArguments}, out item)",
            $"{reader}.TryGet(_view, {reader}.Checked(new {c.KeyType}({c.KeyArguments}), nameof(TryGet)), out item)");
        yield return new ReadMember(
            "/// <summary>Gets the item with <paramref name=\"key\"/>; returns false if there is none.</summary>",
            $"bool TryGet({c.KeyType} key, {EmitContext.MaybeNullWhenFalse} out {entity} item)",
            "TryGet(key, out item)",
            $"{reader}.TryGet(_view, {reader}.Checked(key, nameof(TryGet)), out item)");
        yield return new ReadMember(
            "/// <summary>Whether an item with this key is stored.</summary>",
            $"bool ContainsKey({c.KeyParameters})",
            $"ContainsKey({c.KeyArguments})",
            $"{reader}.TryGet(_view, {reader}.Checked(new {c.KeyType}({c.KeyArguments}), nameof(ContainsKey)), out _)");
        foreach (var lookup in c.Lookups)
        {
            string find = $"{reader}.Find(_view, {lookup.Number}, {lookup.HashCall("nameof(Find)")}, new {lookup.MatcherType}({lookup.Arguments}))";
            if (lookup.FromKey)
            {
                yield return new ReadMember(
                    $"/// <summary>Every item under this {lookup.DisplayName}, in store order. Costs time in proportion to the matches, not the store.</summary>",
                    $"{EmitContext.ReadOnlyList}<{entity}> Find({lookup.Parameters})",
                    $"Find({lookup.Arguments})",
                    find);
            }
            else if (!lookup.Unique)
            {
                string name = GeneratedNames.FindByPrefix + lookup.DisplayName;
                yield return new ReadMember(
                    $"/// <summary>Every item whose index '{lookup.DisplayName}' has these values, in store order.</summary>",
                    $"{EmitContext.ReadOnlyList}<{entity}> {name}({lookup.Parameters})",
                    $"{name}({lookup.Arguments})",
                    find.Replace("nameof(Find)", $"nameof({name})"));
            }
            else
            {
                string get = GeneratedNames.GetByPrefix + lookup.DisplayName;
                string tryGet = GeneratedNames.TryGetByPrefix + lookup.DisplayName;
                string first = $"{reader}.TryFindFirst(_view, {lookup.Number}, Shape.{lookup.HashMethod}({lookup.Arguments}), new {lookup.MatcherType}({lookup.Arguments})";
                yield return new ReadMember(
                    $"/// <summary>The item whose unique index '{lookup.DisplayName}' has these values, or null if there is none.</summary>",
                    $"{c.NullableEntity} {get}({lookup.Parameters})",
                    $"{get}({lookup.Arguments})",
                    $"{first}, out var found) ? found : default({c.NullableEntity})");
                yield return new ReadMember(
                    $"/// <summary>Gets the item whose unique index '{lookup.DisplayName}' has these values; returns false if there is none.</summary>",
                    $"bool {tryGet}({lookup.Parameters}, {EmitContext.MaybeNullWhenFalse} out {entity} item)",
                    $"{tryGet}({lookup.Arguments}, out item)",
                    $"{first}, out item)");
            }
        }
        yield return new ReadMember(
            "/// <summary>Every item, in store order, as a new array.</summary>",
            $"{entity}[] ToArray()",
            "ToArray()",
            $"{reader}.ToArray(_view)");
        yield return new ReadMember(
            "/// <inheritdoc />",
            $"{EmitContext.ReadOnlyList}<object> GetByKeys(params object?[] keys)",
            "GetByKeys(keys)",
            "GetByKeysCore(keys)");
    }

    public static void Emit(SourceWriter w, EmitContext c)
    {
        w.Line("/// <summary>");
        w.Line("/// An immutable, point-in-time view of the store. Holding one costs nothing but keeping the items it sees");
        w.Line("/// alive; writes made after it was taken are not visible through it. Enumerates in store order (the order of");
        w.Line("/// each item's last write).");
        w.Line("/// </summary>");
        using (w.Block($"public readonly struct SnapshotView : {EmitContext.ReadOnlyCollection}<{c.Entity}>"))
        {
            w.Line($"private readonly {c.View} _view;");
            w.Line();
            w.Line($"internal SnapshotView({c.View} view) => _view = view;");
            w.Line();
            w.Line("/// <summary>The store's version when this snapshot was taken; a valid change cursor.</summary>");
            w.Line("public long Version => _view.Version;");
            w.Line();
            w.Line("/// <summary>How many items this snapshot holds.</summary>");
            w.Line("public int Count => _view.Count;");
            w.Line();
            foreach (var read in ReadMembers(c))
            {
                w.Line(read.Doc);
                w.Line($"public {read.Signature} =>");
                w.Line($"    {read.Body};");
                w.Line();
            }
            w.Line("/// <summary>A filtered, ordered, paged query over this snapshot.</summary>");
            w.Line("public QueryBuilder Query() => new(this);");
            w.Line();
            w.Line("/// <summary>Enumerates the items in store order without allocating.</summary>");
            w.Line($"public {c.Enumerator} GetEnumerator() => new(_view);");
            w.Line();
            w.Line($"{EmitContext.EnumeratorInterface}<{c.Entity}> {EmitContext.Enumerable}<{c.Entity}>.GetEnumerator() => GetEnumerator();");
            w.Line();
            w.Line("global::System.Collections.IEnumerator global::System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();");
            w.Line();
            EmitGetByKeys(w, c);
        }
    }

    private static void EmitGetByKeys(SourceWriter w, EmitContext c)
    {
        var keys = c.Model.Keys;
        string untyped = "global::StoreGen.Engine.UntypedKeys";
        using (w.Block($"private {EmitContext.ReadOnlyList}<object> GetByKeysCore(object?[]? keys)"))
        {
            w.Line($"var given = {untyped}.CheckCount(Shape.StoreName, Shape.KeyNames, keys);");
            using (w.Block("switch (given.Length)"))
            {
                w.Line("case 0:");
                w.Line($"    return {untyped}.AsObjects(ToArray());");
                for (int length = 1; length < keys.Count; length++)
                {
                    w.Line($"case {length}:");
                    w.Line($"    return {untyped}.AsObjects(Find({Arguments(keys.Take(length))}));");
                }
                w.Line("default:");
                w.Line($"    return TryGet({Arguments(keys)}, out var found) ? new object[] {{ found }} : global::System.Array.Empty<object>();");
            }
        }
        w.Line();
        w.Line("private static TValue KeyAt<TValue>(object?[] keys, int position) =>");
        w.Line($"    {untyped}.Convert<TValue>(Shape.StoreName, Shape.KeyNames, keys, position);");

        static string Arguments(IEnumerable<Model.MemberModel> members) =>
            string.Join(", ", members.Select((member, position) => $"KeyAt<{member.Type}>(given, {position})"));
    }
}
