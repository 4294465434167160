using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StoreGen.Analyzers;

/// <summary>
/// Decides whether values of a type can change after they are stored. Known-immutable: strings, primitives, enums,
/// date/time types, Guid, immutable and frozen collections, read-only collection interfaces, and source types
/// (records, classes, structs) whose members are all immutable. Types from other assemblies are only judged when
/// they are known mutable (arrays, mutable collections, StringBuilder): the analyzer does not guess.
/// </summary>
internal static class Mutability
{
    private static readonly HashSet<string> ImmutableTypes = new()
    {
        "System.Guid", "System.DateTimeOffset", "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.Uri",
        "System.Version", "System.Half", "System.Int128", "System.UInt128", "System.Numerics.BigInteger", "System.Text.Rune",
        "System.Type",
    };

    private static readonly HashSet<string> ReadOnlyInterfaces = new()
    {
        "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Generic.IReadOnlySet`1", "System.ReadOnlyMemory`1",
    };

    /// <summary>Collections whose contents anyone holding the item can change; the value is a short name for messages.</summary>
    private static readonly Dictionary<string, string> MutableCollections = new()
    {
        ["System.Collections.Generic.List`1"] = "List<T>",
        ["System.Collections.Generic.Dictionary`2"] = "Dictionary<TKey, TValue>",
        ["System.Collections.Generic.HashSet`1"] = "HashSet<T>",
        ["System.Collections.Generic.SortedDictionary`2"] = "SortedDictionary<TKey, TValue>",
        ["System.Collections.Generic.SortedList`2"] = "SortedList<TKey, TValue>",
        ["System.Collections.Generic.SortedSet`1"] = "SortedSet<T>",
        ["System.Collections.Generic.Queue`1"] = "Queue<T>",
        ["System.Collections.Generic.Stack`1"] = "Stack<T>",
        ["System.Collections.Generic.LinkedList`1"] = "LinkedList<T>",
        ["System.Collections.Generic.IList`1"] = "IList<T>",
        ["System.Collections.Generic.ICollection`1"] = "ICollection<T>",
        ["System.Collections.Generic.IDictionary`2"] = "IDictionary<TKey, TValue>",
        ["System.Collections.Generic.ISet`1"] = "ISet<T>",
        ["System.Collections.ObjectModel.Collection`1"] = "Collection<T>",
        ["System.Collections.ObjectModel.ObservableCollection`1"] = "ObservableCollection<T>",
        ["System.Collections.ArrayList"] = "ArrayList",
        ["System.Collections.Hashtable"] = "Hashtable",
        ["System.Text.StringBuilder"] = "StringBuilder",
        ["System.Memory`1"] = "Memory<T>",
    };

    /// <summary>Arrays and the known mutable collections.</summary>
    public static bool IsMutableCollection(ITypeSymbol type) =>
        type is IArrayTypeSymbol || type is INamedTypeSymbol named && MutableCollections.ContainsKey(MetadataName(named.OriginalDefinition));

    /// <summary>Collections whose fix is mechanical: the declared type can become IReadOnlyList&lt;T&gt;.</summary>
    public static bool IsListLike(ITypeSymbol type) =>
        type is IArrayTypeSymbol { Rank: 1 }
        || type is INamedTypeSymbol { IsGenericType: true } named && MetadataName(named.OriginalDefinition) is
            "System.Collections.Generic.List`1" or "System.Collections.Generic.IList`1" or "System.Collections.Generic.ICollection`1";

    /// <summary>Null if values of <paramref name="type"/> cannot change; otherwise why they can, for a message.</summary>
    public static string? WhyMutable(ITypeSymbol type, Compilation compilation) => WhyMutable(type, compilation, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static string? WhyMutable(ITypeSymbol type, Compilation compilation, HashSet<ITypeSymbol> visiting)
    {
        if (type is IArrayTypeSymbol)
        {
            return "is an array, whose elements anyone holding the item can change";
        }
        if (type is not INamedTypeSymbol named || type.TypeKind is TypeKind.Enum or TypeKind.Delegate or TypeKind.TypeParameter or TypeKind.Error)
        {
            return null;
        }
        if (named.SpecialType is not SpecialType.None || named.TypeKind == TypeKind.Dynamic)
        {
            return null;
        }
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return WhyMutable(named.TypeArguments[0], compilation, visiting);
        }
        string metadataName = MetadataName(named.OriginalDefinition);
        if (MutableCollections.TryGetValue(metadataName, out var collection))
        {
            return $"is a {collection}, a mutable collection";
        }
        string ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        if (ImmutableTypes.Contains(metadataName) || ReadOnlyInterfaces.Contains(metadataName)
            || ns is "System.Collections.Immutable" or "System.Collections.Frozen" || named.IsTupleType)
        {
            return named.TypeArguments.Select(t => WhyMutable(t, compilation, visiting)).FirstOrDefault(w => w is not null) is { } inner
                ? $"holds values that can change ({inner})"
                : null;
        }
        if (!SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly) || !visiting.Add(named))
        {
            return null; // other assemblies' types are not guessed at; cycles are judged by their other members
        }
        foreach (var member in InstanceMembers(named))
        {
            if (WhyMemberMutable(member) is { } own)
            {
                return $"is '{named.Name}', whose member '{member.Name}' {own}";
            }
            if (StoreDeclaration.TypeOf(member) is { } memberType && WhyMutable(memberType, compilation, visiting) is { } nested)
            {
                return $"is '{named.Name}', whose member '{member.Name}' {nested}";
            }
        }
        return null;
    }

    /// <summary>Null if the member itself cannot be reassigned; otherwise why it can.</summary>
    public static string? WhyMemberMutable(ISymbol member) => member switch
    {
        IPropertySymbol { SetMethod: { IsInitOnly: false } } => "has a setter",
        IFieldSymbol { IsReadOnly: false, IsConst: false } => "is a field that is not readonly",
        _ => null,
    };

    /// <summary>Instance properties and explicitly declared fields of a type and its source base types.</summary>
    public static IEnumerable<ISymbol> InstanceMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is IFieldSymbol)
                {
                    continue;
                }
                if (member is IPropertySymbol { IsIndexer: false } || member is IFieldSymbol)
                {
                    if (member is IPropertySymbol { Name: "EqualityContract" })
                    {
                        continue;
                    }
                    yield return member;
                }
            }
        }
    }

    public static string MetadataName(INamedTypeSymbol type) =>
        (type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." : "") + type.MetadataName;
}
