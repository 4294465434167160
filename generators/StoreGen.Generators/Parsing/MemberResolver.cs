using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>Finds the entity members named by keys and indexes, and names their generated parameters.</summary>
internal static class MemberResolver
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Names the generated members use for their own parameters and locals; a key parameter may not take them.
    private static readonly HashSet<string> Reserved = new() { "item", "items", "key", "keys", "options", "found" };

    /// <summary>The readable instance property or field <paramref name="name"/> of <paramref name="type"/> or its bases.</summary>
    public static MemberModel? Resolve(INamedTypeSymbol type, string? name)
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
                    return new MemberModel(member.Name, memberType.ToDisplayString(TypeFormat), ParameterName(member.Name), memberType.IsReferenceType);
                }
            }
        }
        return null;
    }

    private static bool IsAccessible(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary><c>Namespace</c> → <c>@namespace</c>, <c>URLPath</c> → <c>urlPath</c>, <c>Key</c> → <c>keyValue</c>.</summary>
    public static string ParameterName(string memberName)
    {
        int upper = 0;
        while (upper < memberName.Length && char.IsUpper(memberName[upper]))
        {
            upper++;
        }
        string camel = upper switch
        {
            0 => memberName,
            _ when upper == memberName.Length => memberName.ToLowerInvariant(),
            1 => char.ToLowerInvariant(memberName[0]) + memberName.Substring(1),
            _ => memberName.Substring(0, upper - 1).ToLowerInvariant() + memberName.Substring(upper - 1),
        };
        if (Reserved.Contains(camel))
        {
            camel += "Value";
        }
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None
            ? "@" + camel
            : camel;
    }
}
