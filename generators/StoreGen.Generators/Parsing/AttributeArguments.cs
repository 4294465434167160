using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StoreGen.Generators.Parsing;

/// <summary>Reads string-array attribute arguments together with the location of each element, for precise diagnostics.</summary>
internal static class AttributeArguments
{
    /// <summary>The values of a named string-array argument (e.g. <c>Keys</c>); empty if absent.</summary>
    public static IReadOnlyList<string?> NamedStrings(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return Strings(pair.Value);
            }
        }
        return new string?[0];
    }

    public static string? NamedString(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(pair => pair.Key == name).Value.Value as string;

    public static bool NamedBool(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(pair => pair.Key == name).Value.Value is true;

    /// <summary>The strings of a constant that is an array of strings (or a single string).</summary>
    public static IReadOnlyList<string?> Strings(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Array
            ? (constant.IsNull ? new string?[0] : constant.Values.Select(value => value.Value as string).ToArray())
            : new[] { constant.Value as string };

    /// <summary>Locations of the elements of a named array argument, falling back to the argument or the attribute.</summary>
    public static IReadOnlyList<Location> NamedElementLocations(AttributeSyntax? syntax, string name)
    {
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (argument is null)
        {
            return syntax is null ? new Location[0] : new[] { syntax.GetLocation() };
        }
        return ElementLocations(argument.Expression) ?? new[] { argument.GetLocation() };
    }

    /// <summary>Locations of the positional (params) arguments' elements.</summary>
    public static IReadOnlyList<Location> PositionalElementLocations(AttributeSyntax? syntax)
    {
        if (syntax?.ArgumentList is null)
        {
            return syntax is null ? new Location[0] : new[] { syntax.GetLocation() };
        }
        var positional = syntax.ArgumentList.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        if (positional.Count == 1 && ElementLocations(positional[0].Expression) is { } elements)
        {
            return elements;
        }
        return positional.Count == 0 ? new[] { syntax.GetLocation() } : positional.Select(a => a.GetLocation()).ToArray();
    }

    private static IReadOnlyList<Location>? ElementLocations(ExpressionSyntax expression) => expression switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Select(e => e.GetLocation()).ToArray(),
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Select(e => e.GetLocation()).ToArray(),
        CollectionExpressionSyntax collection => collection.Elements.Select(e => e.GetLocation()).ToArray(),
        _ => null,
    };

    /// <summary>The location for element <paramref name="index"/>, or the best available fallback.</summary>
    public static Location? At(IReadOnlyList<Location> locations, int index, Location? fallback) =>
        index < locations.Count ? locations[index] : locations.Count > 0 ? locations[locations.Count - 1] : fallback;
}
