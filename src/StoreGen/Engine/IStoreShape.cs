using System.Collections.Generic;

namespace StoreGen.Engine;

/// <summary>
/// What the generator knows about one entity: how to take its key apart, hash and compare it, and how each index
/// is derived. Implemented by a generated <c>struct</c>, so the engine is specialized per store by the JIT and every
/// call here is a direct, inlinable call (no comparer objects, no virtual dispatch, no reflection).
/// </summary>
/// <remarks>
/// Indexes are numbered: first the proper key prefixes (prefix of length j is index j-1), then the secondary
/// indexes in declaration order. Not meant to be implemented by hand.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IStoreShape<TKey, T>
    where TKey : struct
{
    /// <summary>The store's name, used in errors.</summary>
    static abstract string StoreName { get; }

    /// <summary>The primary key members, in order.</summary>
    static abstract IReadOnlyList<string> KeyNames { get; }

    /// <summary>Index names (prefixes first, then secondary indexes), used in errors.</summary>
    static abstract IReadOnlyList<string> IndexNames { get; }

    /// <summary>Number of indexes (key prefixes and secondary indexes).</summary>
    static abstract int IndexCount { get; }

    /// <summary>True if any secondary index is unique (enables the uniqueness check on writes).</summary>
    static abstract bool HasUniqueIndexes { get; }

    /// <summary>True if the entity has an <see cref="ExpiresAtAttribute"/> member.</summary>
    static abstract bool HasExpiresAt { get; }

    /// <summary>When <paramref name="item"/> expires, in UTC ticks; <see cref="long.MaxValue"/> if it does not say.</summary>
    static abstract long ExpiresAt(in T item);

    /// <summary>The primary key of <paramref name="item"/>.</summary>
    static abstract TKey KeyOf(in T item);

    /// <summary>Null if the key can be stored, otherwise why not (e.g. a null member).</summary>
    static abstract string? ValidateKey(in TKey key);

    /// <summary>The key's members as objects, for error messages.</summary>
    static abstract object?[] KeyValues(in TKey key);

    /// <summary>Hash of the whole key.</summary>
    static abstract int HashKey(in TKey key);

    /// <summary>Key equality (ordinal for strings).</summary>
    static abstract bool KeyEquals(in TKey a, in TKey b);

    /// <summary>Whether index <paramref name="index"/> is unique.</summary>
    static abstract bool IsUnique(int index);

    /// <summary>Hash of the index value of an entry for index <paramref name="index"/>.</summary>
    static abstract int HashIndex(int index, in TKey key, in T item);

    /// <summary>Whether two entries have the same value for index <paramref name="index"/>.</summary>
    static abstract bool IndexEquals(int index, in TKey keyA, in T a, in TKey keyB, in T b);

    /// <summary>The index value of an entry, for error messages.</summary>
    static abstract object?[] IndexValues(int index, in TKey key, in T item);
}
