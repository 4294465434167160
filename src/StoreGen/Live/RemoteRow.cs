using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// One item as another replica left it: its JSON (the generated codec's format) and whether it was deleted (a
/// tombstone keeps the deleted item's JSON, so its key is known). <see cref="Key"/> holds the key members as read
/// from the backend, used only to name the row when its payload cannot be read.
/// </summary>
public readonly record struct RemoteRow(bool Deleted, string Json, IReadOnlyList<object?> Key);
