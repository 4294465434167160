namespace StoreGen.Engine;

/// <summary>
/// Decides whether an entry matches a lookup value (a key prefix or a secondary-index value). Implemented by small
/// generated structs, so the engine's lookup loops are specialized and the comparison is inlined.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IEntryMatcher<TKey, T>
    where TKey : struct
{
    /// <summary>True if the entry with <paramref name="key"/> and <paramref name="item"/> matches.</summary>
    bool Matches(in TKey key, in T item);
}
