namespace StoreGen.Generators.Model;

/// <summary>A type the entity is nested in; the store is emitted into the same type. E.g. <c>partial class</c> + <c>Outer</c>.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);
