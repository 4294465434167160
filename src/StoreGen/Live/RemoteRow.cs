using System;
using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// One item as another replica left it: its JSON (the generated codec's format) and whether it was deleted (a
/// tombstone keeps the deleted item's JSON, so its key is known). <see cref="Key"/> holds the key members as read
/// from the backend, used only to name the row when its payload cannot be read. <see cref="Version"/> is the database
/// version that last changed the row (commit order); 0 when the backend does not know it. With it, a remote change that
/// arrives while a local change to the same key is on its way to the database is applied afterwards if it committed
/// later (see <see cref="LiveLink.ApplyRemote"/>). A backend that receives the JSON as UTF-8 hands it over as
/// <see cref="Utf8Json"/> (with <see cref="Json"/> null), so it is decoded as it arrived, never turned into a string.
/// </summary>
public readonly record struct RemoteRow(bool Deleted, string? Json, IReadOnlyList<object?> Key, long Version = 0)
{
    /// <summary>A row whose JSON is UTF-8 bytes (a factory, not a constructor: no call with a string can pick it).</summary>
    public static RemoteRow FromUtf8(bool deleted, ReadOnlyMemory<byte> utf8Json, IReadOnlyList<object?> key, long version = 0) =>
        new(deleted, null, key, version) { Utf8Json = utf8Json };

    /// <summary>The item's JSON as UTF-8, when <see cref="Json"/> is null.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; init; }
}
