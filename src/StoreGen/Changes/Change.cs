namespace StoreGen;

/// <summary>
/// One applied change. <see cref="Item"/> is the item written (Added, Updated) or the item that went away
/// (Removed, Expired). <see cref="Version"/> is the store version this change produced.
/// </summary>
public readonly record struct Change<T>(ChangeKind Kind, T Item, long Version);
