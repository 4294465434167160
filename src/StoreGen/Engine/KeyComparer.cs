using System.Collections.Generic;

namespace StoreGen.Engine;

/// <summary>The shape's key hashing and equality as an <see cref="IEqualityComparer{T}"/>, for batch bookkeeping.</summary>
internal sealed class KeyComparer<TKey, T, TShape> : IEqualityComparer<TKey>
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
{
    public static readonly KeyComparer<TKey, T, TShape> Instance = new();

    public bool Equals(TKey x, TKey y) => TShape.KeyEquals(x, y);

    public int GetHashCode(TKey obj) => TShape.HashKey(obj);
}
