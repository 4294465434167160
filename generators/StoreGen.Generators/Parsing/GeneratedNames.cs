using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StoreGen.Diagnostics;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// The names generated code declares, and what in the user's code would clash with them: the store and codec types
/// next to the entity, and the members and nested types inside the store.
/// </summary>
internal static class GeneratedNames
{
    public const string StoreSuffix = "Store";
    public const string CodecSuffix = "JsonCodec";

    // Names derived from key prefixes and indexes; the emitters write them through these, so what is reserved here is
    // exactly what they declare.
    public const string FindByPrefix = "FindBy";
    public const string GetByPrefix = "GetBy";
    public const string TryGetByPrefix = "TryGetBy";
    public const string MatcherSuffix = "Matcher";

    /// <summary>The stem of a key prefix's generated names (<c>KeyPrefix1Matcher</c>, <c>HashKeyPrefix1</c>).</summary>
    public static string KeyPrefix(int length) => "KeyPrefix" + length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stem of a secondary index's generated names (<c>HostIndexMatcher</c>, <c>HashHostIndex</c>).</summary>
    public static string Index(string name) => name + "Index";

    private static readonly string[] KeyTypeCandidates = { "Key", "PrimaryKey", "StoreKey", "EntryKey" };

    /// <summary>Members and nested types every store declares (more come from its key prefixes and indexes).</summary>
    private static readonly string[] StoreMembers =
    {
        "_engine", "StoreName", "KeyCount", "KeyNames", "Count", "Version", "Snapshot", "KeyOf", "Get", "TryGet", "ContainsKey",
        "Find", "ToArray", "GetByKeys", "Query", "GetEnumerator", "Upsert", "TryAdd", "Remove", "UpsertMany", "RemoveMany",
        "ReplaceAll", "Clear", "RemoveWhere", "Update", "AddOrUpdate", "TryReplace", "RemoveAll", "GetChangesSince", "GetDeltaSince", "IReads", "WatchAsync", "Sweep", "Dispose", "SnapshotView", "QueryBuilder",
        "OnDemand", "Reader", "ReferenceReader", "Shape", "ReferenceShape", "LiveCodec",
    };

    /// <summary>Members a positional record struct declares itself: a key member may not take these names.</summary>
    private static readonly HashSet<string> KeyStructMembers = new()
    {
        "Deconstruct", "PrintMembers", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>The store's key struct: <c>Key</c>, or the first other name no key member has.</summary>
    public static string KeyType(IEnumerable<string> keyMembers)
    {
        var names = new HashSet<string>(keyMembers);
        return KeyTypeCandidates.Concat(Enumerable.Range(2, names.Count + 1).Select(n => "Key" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .First(candidate => !names.Contains(candidate));
    }

    /// <summary>Every name declared directly inside the store.</summary>
    public static HashSet<string> InsideStore(IReadOnlyList<MemberModel> keys, IEnumerable<IndexModel> indexes)
    {
        var names = new HashSet<string>(StoreMembers) { KeyType(keys.Select(k => k.Name)) };
        for (int length = 1; length < keys.Count; length++)
        {
            names.Add(KeyPrefix(length) + MatcherSuffix);
        }
        foreach (var index in indexes)
        {
            names.Add(Index(index.Name) + MatcherSuffix);
            if (index.Unique)
            {
                names.Add(GetByPrefix + index.Name);
                names.Add(TryGetByPrefix + index.Name);
            }
            else
            {
                names.Add(FindByPrefix + index.Name);
            }
        }
        return names;
    }

    /// <summary>Reports SG0020 for key members named like a method of the generated key struct (<c>Deconstruct</c>…).</summary>
    public static void CheckKeyNames(INamedTypeSymbol type, IReadOnlyList<string?> keyNames, IReadOnlyList<Location> locations, Location fallback, List<DiagnosticInfo> diagnostics)
    {
        for (int n = 0; n < keyNames.Count; n++)
        {
            if (keyNames[n] is { } name && KeyStructMembers.Contains(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, AttributeArguments.At(locations, n, fallback),
                    "The key member", name, type.Name, $"the method '{name}' of the generated key struct", "key the store by a member with another name"));
            }
        }
    }

    /// <summary>The store's name (default <c>{Type}Store</c>), after reporting what makes it unusable (SG0009, SG0013, SG0020).</summary>
    public static string CheckStoreName(INamedTypeSymbol type, AttributeData attribute, AttributeSyntax? attributeSyntax, Location identifier,
        IReadOnlyList<MemberModel> keys, IReadOnlyList<IndexModel> indexes, Accessibility storeAccessibility, List<DiagnosticInfo> diagnostics)
    {
        string storeName = AttributeArguments.NamedString(attribute, "Name") ?? type.Name + StoreSuffix;
        var nameLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Name")?.GetLocation() ?? identifier;
        if (!Identifiers.IsTypeName(storeName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, nameLocation, "store", storeName, type.Name));
            return storeName;
        }
        var inside = InsideStore(keys, indexes);
        if (inside.Contains(storeName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, nameLocation,
                "The store name", storeName, type.Name, $"the generated store's own member '{storeName}' (a member cannot have its type's name)", "set [Store(Name = ...)] to another name"));
        }
        else if (Collision(type, storeName, inside, storeAccessibility) is { } why)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreNameCollision, nameLocation,
                "The store", type.Name, storeName, why, "rename one of them or set [Store(Name = ...)]"));
        }
        return storeName;
    }

    /// <summary>Reports SG0013 when the codec's name, <c>{Type}JsonCodec</c>, is taken next to the type.</summary>
    public static void CheckCodecName(INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics)
    {
        string codecName = type.Name + CodecSuffix;
        if (Collision(type, codecName, null, Accessibility.NotApplicable) is { } why)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreNameCollision, identifier,
                "The JSON codec", type.Name, codecName, why, "rename one of them"));
        }
    }

    /// <summary>
    /// Why a type named <paramref name="name"/> cannot be generated next to <paramref name="entity"/>, or null.
    /// <paramref name="storeMembers"/> is given for the store, which may extend a hand-written partial class.
    /// </summary>
    private static string? Collision(INamedTypeSymbol entity, string name, HashSet<string>? storeMembers, Accessibility storeAccessibility)
    {
        if (name == entity.Name)
        {
            return $"that is the name of '{entity.Name}' itself";
        }
        if (entity.ContainingType is { } outer)
        {
            if (outer.Name == name)
            {
                return $"that is the name of '{outer.Name}', which contains it";
            }
            for (var current = outer; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name).Where(m => m is not INamedTypeSymbol { Arity: > 0 }))
                {
                    // An inherited member would be hidden (CS0108), so only the containing type's own partial class can be extended.
                    var extendable = SymbolEqualityComparer.Default.Equals(current, outer) ? storeMembers : null;
                    if (WhyIncompatible(member, extendable, storeAccessibility) is { } why)
                    {
                        return $"'{current.Name}' already has a member '{name}'{why}";
                    }
                }
            }
        }
        else
        {
            foreach (var member in entity.ContainingNamespace.GetMembers(name).Where(m => m is not INamedTypeSymbol { Arity: > 0 }))
            {
                if (WhyIncompatible(member, storeMembers, storeAccessibility) is { } why)
                {
                    return member is INamespaceSymbol
                        ? $"a namespace '{member.ToDisplayString()}' exists"
                        : $"'{Container(entity)}' already declares a type '{name}'{why}";
                }
            }
        }
        var other = Siblings(entity).FirstOrDefault(sibling => !SymbolEqualityComparer.Default.Equals(sibling, entity) && TypesGeneratedFor(sibling).Contains(name));
        return other is null ? null : $"StoreGen generates a type '{name}' for '{other.Name}' too";
    }

    /// <summary>The store and codec names StoreGen generates for a [Store] or [StoreSerializable] type.</summary>
    private static IEnumerable<string> TypesGeneratedFor(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case StoreGenerator.StoreAttributeName:
                    yield return AttributeArguments.NamedString(attribute, "Name") ?? type.Name + StoreSuffix;
                    yield return type.Name + CodecSuffix;
                    break;
                case StoreGenerator.SerializableAttributeName:
                    yield return type.Name + CodecSuffix;
                    break;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> Siblings(INamedTypeSymbol entity) =>
        (entity.ContainingType?.GetTypeMembers() ?? entity.ContainingNamespace.GetTypeMembers())
            .Where(type => type.TypeKind is TypeKind.Class or TypeKind.Struct);

    /// <summary>
    /// Null when a hand-written <paramref name="existing"/> can take the generated store's declaration: a non-static,
    /// non-abstract partial class with no member the store declares; otherwise why not (appended to the message).
    /// </summary>
    private static string? WhyIncompatible(ISymbol existing, HashSet<string>? storeMembers, Accessibility storeAccessibility)
    {
        if (storeMembers is null)
        {
            return "";
        }
        if (existing is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: false, IsStatic: false, IsAbstract: false } type
            || !type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is ClassDeclarationSyntax c
                && c.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            return " that is not a partial class";
        }
        if (type.DeclaredAccessibility != storeAccessibility && type.DeclaredAccessibility != Accessibility.NotApplicable
            && type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax c
                && c.Modifiers.Any(m => SyntaxFacts.IsAccessibilityModifier(m.Kind()))))
        {
            return $" declared {SyntaxFacts.GetText(type.DeclaredAccessibility)}, but the store is {SyntaxFacts.GetText(storeAccessibility)}";
        }
        var clash = type.GetMembers().FirstOrDefault(m => !m.IsImplicitlyDeclared && (storeMembers.Contains(m.Name)
            || m is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } constructor
                && (constructor.Parameters.Length == 0 || (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.Name == "StoreOptions"))));
        if (clash is null)
        {
            return null;
        }
        string what = clash is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name + " constructor" : clash.Name;
        return $" whose member '{what}' the generated store declares too";
    }

    private static string Container(INamedTypeSymbol entity) =>
        entity.ContainingNamespace.IsGlobalNamespace ? "the global namespace" : entity.ContainingNamespace.ToDisplayString();
}
