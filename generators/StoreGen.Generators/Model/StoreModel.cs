namespace StoreGen.Generators.Model;

/// <summary>Everything the emitter needs for one store; value-equatable so unchanged declarations are not re-emitted.</summary>
internal sealed record StoreModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string EntityName,
    string EntityType,
    bool EntityIsValueType,
    string Accessibility,
    string StoreName,
    EquatableArray<MemberModel> Keys,
    EquatableArray<IndexModel> Indexes,
    ExpiryModel? Expiry,
    CodecModel Codec)
{
    /// <summary>The hint name: <c>{Namespace}.{Containing}.{Type}.g.cs</c>.</summary>
    public string HintName
    {
        get
        {
            var parts = new System.Collections.Generic.List<string>();
            if (Namespace is not null)
            {
                parts.Add(Namespace);
            }
            foreach (var type in ContainingTypes)
            {
                parts.Add(type.Name);
            }
            parts.Add(EntityName);
            return string.Join(".", parts) + ".g.cs";
        }
    }
}
