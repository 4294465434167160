namespace StoreGen.Generators;

/// <summary>Names of the incremental pipeline's steps, so tests can assert what was cached.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Models = nameof(Models);
    public const string Serializable = nameof(Serializable);
    public const string ClashingHintNames = nameof(ClashingHintNames);
}
