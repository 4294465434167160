using System;
using System.Collections.Generic;

namespace StoreGen.Postgres;

/// <summary>A batch encoded as the upsert's parameters: one typed array per key column, the deleted flags and the items' JSON.</summary>
internal sealed record EncodedBatch(Array[] Keys, bool[] Deleted, string[] Items)
{
    /// <summary>Row <paramref name="row"/>'s key members (boxed: to name the row in errors).</summary>
    public IReadOnlyList<object?> KeyOf(int row) => Array.ConvertAll(Keys, column => column.GetValue(row));
}
