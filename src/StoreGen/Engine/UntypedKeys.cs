using System;
using System.Collections.Generic;

namespace StoreGen.Engine;

/// <summary>Argument checks for the untyped <see cref="IIndexedStore.GetByKeys"/> view, shared by all generated stores.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class UntypedKeys
{
    /// <summary>Throws unless at most <paramref name="keyNames"/>.Count values were given.</summary>
    public static object?[] CheckCount(string storeName, IReadOnlyList<string> keyNames, object?[]? keys)
    {
        keys ??= Array.Empty<object?>();
        if (keys.Length > keyNames.Count)
        {
            throw new StoreException(storeName, nameof(IIndexedStore.GetByKeys), keys,
                $"{storeName} has {keyNames.Count} key member(s) ({string.Join(", ", keyNames)}) but {keys.Length} values were given");
        }
        return keys;
    }

    /// <summary>The value at <paramref name="position"/> as the key member's type, or a <see cref="StoreException"/> saying why not.</summary>
    public static TValue Convert<TValue>(string storeName, IReadOnlyList<string> keyNames, object?[] keys, int position)
    {
        if (keys[position] is TValue value)
        {
            return value;
        }
        string actual = keys[position] is null ? "null" : keys[position]!.GetType().FullName ?? "?";
        throw new StoreException(storeName, nameof(IIndexedStore.GetByKeys), keys,
            $"key member '{keyNames[position]}' (position {position}) is {typeof(TValue).FullName} but the value given is {actual}");
    }

    /// <summary>The items as objects: the same list for reference types (covariance), boxed copies for value types.</summary>
    public static IReadOnlyList<object> AsObjects<T>(IReadOnlyList<T> items)
    {
        if (items is IReadOnlyList<object> objects)
        {
            return objects;
        }
        var boxed = new object[items.Count];
        for (int n = 0; n < boxed.Length; n++)
        {
            boxed[n] = items[n]!;
        }
        return boxed;
    }
}
