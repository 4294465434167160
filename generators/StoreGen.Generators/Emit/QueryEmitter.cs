using System.Collections.Generic;
using System.Linq;
using StoreGen.Generators.Model;
using StoreGen.Generators.Parsing;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the store's query builder: the runtime's filtered/ordered/paged query, plus one typed condition per key
/// prefix, full key and secondary index that reads its candidates through that index.
/// </summary>
internal static class QueryEmitter
{
    // Ranks are StoreQuery's protected constants: lower is more selective, and the query reads its candidates through
    // the lowest-ranked condition. A key prefix that fixes more members ranks lower.
    private const string UniqueRank = "UniqueRank";
    private const string SecondaryIndexRank = "SecondaryIndexRank";

    public static void Emit(SourceWriter w, EmitContext c)
    {
        w.Line("/// <summary>");
        w.Line("/// A filtered, ordered, paged query over one snapshot. <c>WhereKey</c> and <c>Where{Index}</c> conditions read");
        w.Line("/// their candidates through the store's indexes; the most selective one is used, the rest filter.");
        w.Line("/// </summary>");
        using (w.Block($"public sealed class QueryBuilder : global::StoreGen.StoreQuery<{c.Entity}, QueryBuilder>"))
        {
            w.Line("private readonly SnapshotView _snapshot;");
            w.Line();
            w.Line("internal QueryBuilder(SnapshotView snapshot) : base(snapshot) => _snapshot = snapshot;");
            foreach (var prefix in c.Lookups.Where(l => l.FromKey))
            {
                Condition(w, c, "WhereKey", prefix.Members, $"snapshot.Find({prefix.Arguments})", $"KeyPrefixRank - {prefix.Members.Count}",
                    $"Items under this {prefix.DisplayName}.");
            }
            Condition(w, c, "WhereKey", c.Model.Keys.ToList(),
                $"snapshot.Get({c.KeyArguments}) is {{ }} found ? new[] {{ found }} : global::System.Array.Empty<{c.Entity}>()",
                UniqueRank, "The item with this key, if any.");
            foreach (var index in c.Lookups.Where(l => !l.FromKey))
            {
                string candidates = index.Unique
                    ? $"snapshot.{GeneratedNames.GetByPrefix}{index.DisplayName}({index.Arguments}) is {{ }} found ? new[] {{ found }} : global::System.Array.Empty<{c.Entity}>()"
                    : $"snapshot.{GeneratedNames.FindByPrefix}{index.DisplayName}({index.Arguments})";
                Condition(w, c, "Where" + index.DisplayName, index.Members, candidates, index.Unique ? UniqueRank : SecondaryIndexRank,
                    $"Items whose index '{index.DisplayName}' has these values.");
            }
        }
    }

    private static void Condition(SourceWriter w, EmitContext c, string name, IReadOnlyList<MemberModel> members, string candidates, string rank, string summary)
    {
        string parameters = string.Join(", ", members.Select(m => $"{m.Type} {m.ParameterName}"));
        string predicate = SourceWriter.All(members.Select(m => $"{EmitContext.Comparer}<{m.Type}>.Default.Equals(item.{m.Identifier}, {m.ParameterName})"), "        ");
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        using (w.Block($"public QueryBuilder {name}({parameters})"))
        {
            w.Line("var snapshot = _snapshot;");
            w.Line("return WhereIndexed(");
            w.Line($"    () => {candidates},");
            w.Line($"    item => {predicate},");
            w.Line($"    rank: {rank});");
        }
    }
}
