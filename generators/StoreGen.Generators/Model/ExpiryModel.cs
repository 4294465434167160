namespace StoreGen.Generators.Model;

/// <summary>The member marked [ExpiresAt]: a DateTimeOffset, or a DateTimeOffset? when <paramref name="Nullable"/>.</summary>
internal sealed record ExpiryModel(string Name, bool Nullable)
{
    /// <summary>The member's name as C# source, e.g. <c>@event</c>.</summary>
    public string Identifier => Identifiers.Escape(Name);
}
