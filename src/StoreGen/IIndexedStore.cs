using System.Collections.Generic;

namespace StoreGen;

/// <summary>
/// The untyped view of a generated store, for dynamic callers (templates, admin tools).
/// Typed code should use the generated members instead.
/// </summary>
public interface IIndexedStore
{
    /// <summary>The store's name, e.g. <c>IngressStore</c>.</summary>
    string StoreName { get; }

    /// <summary>How many members form the primary key.</summary>
    int KeyCount { get; }

    /// <summary>The primary key members' names, in key order.</summary>
    IReadOnlyList<string> KeyNames { get; }

    /// <summary>How many items are stored.</summary>
    int Count { get; }

    /// <summary>Increases by one for every applied change.</summary>
    long Version { get; }

    /// <summary>
    /// Items whose first <c>keys.Length</c> key members equal <paramref name="keys"/>: all items for no keys,
    /// at most one for the full key. Throws <see cref="StoreException"/> for more values than <see cref="KeyCount"/>
    /// or a value of the wrong type for its position.
    /// </summary>
    IReadOnlyList<object> GetByKeys(params object?[] keys);
}
