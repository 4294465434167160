using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using StoreGen.Diagnostics;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>Finds the member marked [ExpiresAt] (on a property, a field, or a record's positional parameter).</summary>
internal static class ExpiryParser
{
    public const string AttributeName = "StoreGen.ExpiresAtAttribute";

    public static ExpiryModel? Parse(INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics)
    {
        var marked = new List<ISymbol>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            marked.AddRange(current.GetMembers().Where(m => m is IPropertySymbol or IFieldSymbol && HasAttribute(m)));
            var positional = current.InstanceConstructors.SelectMany(c => c.Parameters).Where(HasAttribute).Select(p => p.Name);
            marked.AddRange(positional.SelectMany(name => current.GetMembers(name)).Where(m => m is IPropertySymbol));
        }
        var members = marked.Distinct(SymbolEqualityComparer.Default).ToList();
        if (members.Count == 0)
        {
            return null;
        }
        var location = members[0].Locations.FirstOrDefault() ?? identifier;
        if (members.Count > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidExpiresAt, location, type.Name,
                "marks more than one member (" + string.Join(", ", members.Select(m => m.Name)) + ")"));
            return null;
        }
        var member = members[0];
        var memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
        bool nullable = memberType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper
            && IsDateTimeOffset(wrapper.TypeArguments[0]);
        if (!nullable && !IsDateTimeOffset(memberType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidExpiresAt, location, type.Name,
                $"marks '{member.Name}', which is a {memberType.ToDisplayString()}"));
            return null;
        }
        return new ExpiryModel(member.Name, nullable);
    }

    private static bool HasAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    private static bool IsDateTimeOffset(ITypeSymbol type) => type.ToDisplayString() == "System.DateTimeOffset";
}
