using System.Collections.Generic;
using System.Linq;
using StoreGen.Generators.Model;
using StoreGen.Generators.Parsing;

namespace StoreGen.Generators.Emit;

/// <summary>
/// One engine index as the emitter sees it: a proper key prefix (for <c>Find</c>) or a secondary index
/// (for <c>FindBy…</c>/<c>GetBy…</c>). Engine index numbers: prefixes first, then secondary indexes.
/// </summary>
internal sealed class Lookup
{
    private Lookup(int number, string displayName, IReadOnlyList<MemberModel> members, bool fromKey, bool unique, string typeName)
    {
        Number = number;
        DisplayName = displayName;
        Members = members;
        FromKey = fromKey;
        Unique = unique;
        MatcherType = typeName + GeneratedNames.MatcherSuffix;
        HashMethod = "Hash" + typeName;
    }

    public int Number { get; }

    /// <summary>The name errors use, e.g. <c>Uid</c> or <c>key prefix (Namespace)</c>.</summary>
    public string DisplayName { get; }

    public IReadOnlyList<MemberModel> Members { get; }

    /// <summary>True for key prefixes: the values are read from the stored key rather than the item.</summary>
    public bool FromKey { get; }

    public bool Unique { get; }

    public string MatcherType { get; }

    public string HashMethod { get; }

    /// <summary>True if some member is a reference type, so a null argument must be rejected (key prefixes only).</summary>
    public bool ChecksNull => FromKey && Members.Any(m => m.IsReferenceType);

    /// <summary>The hash of the arguments, rejecting null key values first where needed.</summary>
    public string HashCall(string operation) =>
        ChecksNull ? $"Shape.Checked{HashMethod}({operation}, {Arguments})" : $"Shape.{HashMethod}({Arguments})";

    public string Parameters => string.Join(", ", Members.Select(m => $"{m.Type} {m.ParameterName}"));

    public string Arguments => string.Join(", ", Members.Select(m => m.ParameterName));

    /// <summary>The member as read from an entry: <c>key.Namespace</c> or <c>item.Host</c>.</summary>
    public string Read(MemberModel member, string key, string item) => (FromKey ? key : item) + "." + member.Identifier;

    public static IReadOnlyList<Lookup> For(StoreModel model)
    {
        var lookups = new List<Lookup>();
        for (int length = 1; length < model.Keys.Count; length++)
        {
            var members = model.Keys.Take(length).ToList();
            lookups.Add(new Lookup(lookups.Count, $"key prefix ({string.Join(", ", members.Select(m => m.Name))})", members, fromKey: true, unique: false,
                GeneratedNames.KeyPrefix(length)));
        }
        foreach (var index in model.Indexes)
        {
            lookups.Add(new Lookup(lookups.Count, index.Name, index.Members.ToList(), fromKey: false, index.Unique, GeneratedNames.Index(index.Name)));
        }
        return lookups;
    }
}
