namespace StoreGen;

/// <summary>What happened to an item.</summary>
public enum ChangeKind
{
    /// <summary>An item with a new key was stored.</summary>
    Added,

    /// <summary>An item replaced the stored item with the same key.</summary>
    Updated,

    /// <summary>An item was removed (by Remove, RemoveMany, RemoveWhere, ReplaceAll, Clear or eviction).</summary>
    Removed,

    /// <summary>An item was removed because it expired (by a sweep).</summary>
    Expired,
}
