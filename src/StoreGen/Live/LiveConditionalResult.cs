namespace StoreGen.Live;

/// <summary>
/// What a conditional write found (<see cref="ILiveConditionalWriter"/>): committed at a new version with the item as
/// stored, or refused because the key's stored version differs.
/// </summary>
/// <param name="Committed">Whether the write committed.</param>
/// <param name="Version">The new version when committed; otherwise the key's stored version (0: absent or deleted).</param>
/// <param name="Json">When committed, the item as stored (for a delete, the deleted item), in the generated codec's format.</param>
public readonly record struct LiveConditionalResult(bool Committed, long Version, string? Json)
{
    /// <summary>The write committed at <paramref name="version"/>; <paramref name="json"/> is the item as stored.</summary>
    public static LiveConditionalResult Written(long version, string json) => new(true, version, json);

    /// <summary>Nothing was written: the key's stored version is <paramref name="actualVersion"/>.</summary>
    public static LiveConditionalResult Conflict(long actualVersion) => new(false, actualVersion, null);
}
