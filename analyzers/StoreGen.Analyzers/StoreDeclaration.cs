using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StoreGen.Analyzers;

/// <summary>What the analyzers read from a [Store] type: its key and indexed members (resolved; unknown names skipped).</summary>
internal sealed class StoreDeclaration
{
    private StoreDeclaration(INamedTypeSymbol entity, AttributeData attribute, IReadOnlyList<ISymbol> keys, IReadOnlyList<ISymbol> indexed)
    {
        Entity = entity;
        Attribute = attribute;
        Keys = keys;
        Indexed = indexed;
    }

    public INamedTypeSymbol Entity { get; }
    public AttributeData Attribute { get; }
    public IReadOnlyList<ISymbol> Keys { get; }

    /// <summary>Members of secondary indexes that are not keys.</summary>
    public IReadOnlyList<ISymbol> Indexed { get; }

    public string StoreName =>
        Attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? Entity.Name + "Store";

    public static StoreDeclaration? Read(INamedTypeSymbol entity, KnownTypes known)
    {
        var attribute = known.StoreAttributeOf(entity);
        if (attribute is null)
        {
            return null;
        }
        var keyNames = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Keys").Value;
        var keys = Names(keyNames).Select(name => Member(entity, name)).OfType<ISymbol>().Distinct(SymbolEqualityComparer.Default).ToList();
        var indexed = entity.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.IndexAttribute) && a.ConstructorArguments.Length == 1)
            .SelectMany(a => Names(a.ConstructorArguments[0]))
            .Select(name => Member(entity, name)).OfType<ISymbol>()
            .Distinct(SymbolEqualityComparer.Default)
            .Where(m => !keys.Contains(m, SymbolEqualityComparer.Default))
            .ToList();
        return new StoreDeclaration(entity, attribute, keys, indexed);
    }

    private static IEnumerable<string> Names(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Array && !constant.IsNull
            ? constant.Values.Select(v => v.Value).OfType<string>()
            : Enumerable.Empty<string>();

    /// <summary>The instance property or field named <paramref name="name"/> on the type or a base type.</summary>
    public static ISymbol? Member(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var member = current.GetMembers(name).FirstOrDefault(m => !m.IsStatic && m is IPropertySymbol or IFieldSymbol);
            if (member is not null)
            {
                return member;
            }
        }
        return null;
    }

    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => null,
    };
}
