using System.Linq;
using Microsoft.CodeAnalysis;

namespace StoreGen.Analyzers;

/// <summary>The StoreGen and BCL types the analyzers look for, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol storeAttribute)
    {
        StoreAttribute = storeAttribute;
        IndexAttribute = compilation.GetTypeByMetadataName("StoreGen.IndexAttribute");
        IndexedStore = compilation.GetTypeByMetadataName("StoreGen.IIndexedStore");
        GeneratedCode = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        ReadOnlyCollection = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyCollection`1");
    }

    public INamedTypeSymbol StoreAttribute { get; }
    public INamedTypeSymbol? IndexAttribute { get; }
    public INamedTypeSymbol? IndexedStore { get; }
    public INamedTypeSymbol? GeneratedCode { get; }
    public INamedTypeSymbol? ReadOnlyCollection { get; }

    /// <summary>Null when the compilation does not reference StoreGen (the analyzers then do nothing).</summary>
    public static KnownTypes? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("StoreGen.StoreAttribute") is { } store ? new KnownTypes(compilation, store) : null;

    public AttributeData? StoreAttributeOf(ISymbol type) =>
        type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, StoreAttribute));

    /// <summary>Whether StoreGen's generator wrote this type (it carries [GeneratedCode("StoreGen", …)]).</summary>
    public bool IsGeneratedByStoreGen(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, GeneratedCode)
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is "StoreGen");

    /// <summary>
    /// For a generated store or its snapshot view: the entity type it stores (the T of its IReadOnlyCollection&lt;T&gt;),
    /// if that entity carries [Store].
    /// </summary>
    public INamedTypeSymbol? EntityOfGeneratedStore(INamedTypeSymbol type)
    {
        var store = IsGeneratedByStoreGen(type) ? type : type.ContainingType is { } outer && IsGeneratedByStoreGen(outer) ? outer : null;
        if (store is null)
        {
            return null;
        }
        var entity = store.AllInterfaces
            .FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, ReadOnlyCollection))?
            .TypeArguments[0] as INamedTypeSymbol;
        return entity is not null && StoreAttributeOf(entity) is not null ? entity : null;
    }
}
