namespace StoreGen.Generators.Model;

/// <summary>Everything the emitter needs for one store; value-equatable so unchanged declarations are not re-emitted.</summary>
internal sealed record StoreModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string EntityName,
    string EntityType,
    bool EntityIsValueType,
    string Accessibility,
    string StoreAccessibility,
    string StoreName,
    EquatableArray<MemberModel> Keys,
    EquatableArray<IndexModel> Indexes,
    ExpiryModel? Expiry,
    CodecModel Codec)
{
    /// <summary>The hint name: <c>{Namespace}.{Containing}.{Type}.g.cs</c>, with only characters every file system takes.</summary>
    public string HintName => HintNames.Of(Namespace, ContainingTypes, EntityName, ".g.cs");

    /// <summary>What tells this type apart from another whose hint name clashes with its own.</summary>
    public string Identity => HintNames.Identity(Namespace, ContainingTypes, EntityName);
}
