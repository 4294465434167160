using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// One item as another replica left it: its JSON (the generated codec's format) and whether it was deleted (a
/// tombstone keeps the deleted item's JSON, so its key is known). <see cref="Key"/> holds the key members as read
/// from the backend, used only to name the row when its payload cannot be read. <see cref="Version"/> is the database
/// version that last changed the row (commit order); 0 when the backend does not know it. With it, a remote change that
/// arrives while a local change to the same key is on its way to the database is applied afterwards if it committed
/// later (see <see cref="LiveLink.ApplyRemote"/>).
/// </summary>
public readonly record struct RemoteRow(bool Deleted, string Json, IReadOnlyList<object?> Key, long Version = 0);
