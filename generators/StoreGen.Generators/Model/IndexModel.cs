namespace StoreGen.Generators.Model;

/// <summary>A secondary index: <c>FindBy{Name}</c> or, when unique, <c>GetBy{Name}</c>.</summary>
internal sealed record IndexModel(string Name, EquatableArray<MemberModel> Members, bool Unique);
