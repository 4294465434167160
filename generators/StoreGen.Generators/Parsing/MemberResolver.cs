using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>Finds the entity members named by keys and indexes, and names their generated parameters.</summary>
internal static class MemberResolver
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Parameters and locals of the generated methods that take key or index values, and names that mean something
    // else where they appear (nameof(...), out _, await): a parameter may not take them.
    private static readonly HashSet<string> Reserved = new()
    {
        "item", "items", "key", "keys", "options", "found", "snapshot", "predicate", "cursor", "cancellationToken", "operation",
        "loader", "now", "writer", "reader", "index", "a", "b", "keyA", "keyB", "given", "position", "value", "n", "loads",
        "wanted", "rank", "nameof", "var", "dynamic", "await", "async", "yield",
    };

    /// <summary>The readable instance property or field <paramref name="name"/> of <paramref name="type"/> or its bases, and its type.</summary>
    public static (ISymbol Member, ITypeSymbol Type)? Find(INamedTypeSymbol type, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name!))
            {
                var memberType = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } property
                        when IsAccessible(property.DeclaredAccessibility) && IsAccessible(getter.DeclaredAccessibility) => property.Type,
                    IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field when IsAccessible(field.DeclaredAccessibility) => field.Type,
                    _ => null,
                };
                if (memberType is not null)
                {
                    return (member, memberType);
                }
            }
        }
        return null;
    }

    /// <summary>The model of a member found by <see cref="Find"/>; its parameter name is set by <see cref="NameParameters"/>.</summary>
    public static MemberModel Model(ISymbol member, ITypeSymbol type)
    {
        var (liveColumn, liveCast) = LiveColumns.Of(type);
        return new(member.Name, type.ToDisplayString(TypeFormat), Identifiers.Escape(Camel(member.Name)), type.IsReferenceType, liveColumn, liveCast);
    }

    /// <summary>Why a key or index member of this type cannot be compared or hashed by generated code, or null.</summary>
    public static string? WhyUnsupported(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Dynamic } => "is dynamic: generated code cannot compare or hash it without runtime binding",
        { TypeKind: TypeKind.Pointer } => "is a pointer",
        { TypeKind: TypeKind.FunctionPointer } => "is a function pointer",
        { IsRefLikeType: true } => "is a ref struct",
        _ => null,
    };

    private static bool IsAccessible(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>
    /// Gives every member a distinct parameter name: the same member keeps one name everywhere, two members whose
    /// names differ only in case (<c>ID</c>, <c>id</c>) or clash (<c>Item</c>, <c>ItemValue</c>) get different ones.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NameParameters(IEnumerable<MemberModel> members)
    {
        var names = new Dictionary<string, string>();
        var taken = new HashSet<string>();
        foreach (var member in members)
        {
            if (names.ContainsKey(member.Name))
            {
                continue;
            }
            string camel = Camel(member.Name);
            string name = Reserved.Contains(camel) || taken.Contains(camel) ? camel + "Value" : camel;
            for (int n = 2; taken.Contains(name) || Reserved.Contains(name); n++)
            {
                name = camel + "Value" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            taken.Add(name);
            names[member.Name] = Identifiers.Escape(name);
        }
        return names;
    }

    /// <summary><c>Namespace</c> → <c>namespace</c> (escaped later), <c>URLPath</c> → <c>urlPath</c>; leading underscores dropped (<c>_engine</c> would shadow a generated field).</summary>
    private static string Camel(string memberName)
    {
        string trimmed = memberName.TrimStart('_');
        if (trimmed.Length == 0 || !char.IsLetter(trimmed[0]))
        {
            return "member" + trimmed;
        }
        int upper = 0;
        while (upper < trimmed.Length && char.IsUpper(trimmed[upper]))
        {
            upper++;
        }
        return upper switch
        {
            0 => trimmed,
            _ when upper == trimmed.Length => trimmed.ToLowerInvariant(),
            1 => char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1),
            _ => trimmed.Substring(0, upper - 1).ToLowerInvariant() + trimmed.Substring(upper - 1),
        };
    }
}
