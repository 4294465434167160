using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StoreGen.Generators.Parsing;

/// <summary>The generated store's accessibility, consistent with the types of its key and index parameters.</summary>
internal static class StoreAccessibility
{
    /// <summary>
    /// The entity's accessibility, lowered when a key or indexed member's type is less accessible (an internal enum
    /// key on a public entity makes the store internal), so the generated signatures are consistent.
    /// </summary>
    public static Accessibility Of(INamedTypeSymbol type, IEnumerable<ITypeSymbol> memberTypes)
    {
        var lowest = type.DeclaredAccessibility;
        foreach (var memberType in memberTypes)
        {
            var effective = EffectiveAccessibility(memberType);
            if (effective < lowest && effective < EffectiveAccessibility(type))
            {
                lowest = effective is Accessibility.Internal or Accessibility.ProtectedOrInternal ? Accessibility.Internal : Accessibility.Private;
            }
        }
        return lowest;
    }

    /// <summary>The least accessibility along a type, its containing types, its type arguments and element types.</summary>
    private static Accessibility EffectiveAccessibility(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return EffectiveAccessibility(array.ElementType);
            case INamedTypeSymbol named:
                var lowest = Accessibility.Public;
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.DeclaredAccessibility < lowest)
                    {
                        lowest = current.DeclaredAccessibility;
                    }
                }
                foreach (var argument in named.TypeArguments)
                {
                    var inner = EffectiveAccessibility(argument);
                    if (inner < lowest)
                    {
                        lowest = inner;
                    }
                }
                return lowest;
            default:
                return Accessibility.Public;
        }
    }
}
