using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// What would make a restore lose data silently, as SG0019 reasons: state the codec cannot set again (a readonly
/// field, a get-only or privately set property that no constructor parameter sets) and JSON names that clash (two
/// members written under one name, a former name that is another member's name or is read by two members).
/// Computed properties (no backing field, no setter) are derived from the others and are not state.
/// </summary>
internal static class CodecChecks
{
    /// <summary>Why a member that is neither a constructor parameter nor settable would lose its value, or null for a computed one.</summary>
    public static string? LostState(ISymbol member)
    {
        string? kind = member switch
        {
            IFieldSymbol => "a readonly field",
            IPropertySymbol { SetMethod: { IsInitOnly: true } } => "a property with a non-public init accessor",
            IPropertySymbol { SetMethod: not null } => $"a property with a {Accessibility(member)} setter",
            IPropertySymbol property when HasBackingField(property) => "a get-only property",
            _ => null,
        };
        return kind is null ? null
            : $"'{member.Name}' is {kind} that no constructor parameter sets, so a restore would lose its value; make it a constructor parameter or init-settable, or compute it (an expression-bodied property is not persisted)";
    }

    /// <summary>Members written under one JSON name, former names that are another member's JSON name, and former names two members read.</summary>
    public static IEnumerable<string> NameClashes(IReadOnlyList<CodecMember> members)
    {
        foreach (var clash in members.GroupBy(m => m.JsonName).Where(g => g.Count() > 1))
        {
            yield return $"{Names(clash)} are both written as '{clash.Key}' (JSON names are camel-cased), so a restore would lose one of them; rename one";
        }
        foreach (var member in members)
        {
            foreach (var other in members.Where(o => o != member && member.FormerNames.Contains(o.JsonName)))
            {
                yield return $"'{member.Name}' reads the former name '{other.JsonName}', which is the JSON name of '{other.Name}', so a restore would give {member.Name} the value of {other.Name}; remove the former name or rename the member";
            }
        }
        var readers = members.SelectMany(m => m.FormerNames.Where(n => n == CodecParser.JsonName(n)).Select(n => (Name: n, Member: m)));
        foreach (var shared in readers.GroupBy(r => r.Name).Where(g => g.Count() > 1))
        {
            yield return $"{Names(shared.Select(r => r.Member))} both read the former name '{shared.Key}', so a restore would give it to only one of them; keep it on one member";
        }
    }

    private static string Names(IEnumerable<CodecMember> members)
    {
        var names = members.Select(m => $"'{m.Name}'").ToList();
        return string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }

    private static string Accessibility(ISymbol member) =>
        ((IPropertySymbol)member).SetMethod!.DeclaredAccessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Private => "private",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            _ => "non-public",
        };

    /// <summary>An auto-property (or one using <c>field</c>): its value is state. Only visible for types in source.</summary>
    private static bool HasBackingField(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>()
            .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
}
