namespace StoreGen.Generators.Model;

/// <summary>A [StoreSerializable] type: only its JSON codec is generated, for use inside stored items.</summary>
internal sealed record SerializableModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Name,
    string Type,
    string Accessibility,
    CodecModel Codec)
{
    public string HintName => HintNames.Of(Namespace, ContainingTypes, Name, ".Codec.g.cs");

    /// <summary>What tells this type apart from another whose hint name clashes with its own.</summary>
    public string Identity => HintNames.Identity(Namespace, ContainingTypes, Name);
}
