using System;
using System.Numerics;

namespace StoreGen.Engine;

/// <summary>
/// Contiguous, append-only entry storage with a chained hash table over it, and one more chained hash table per
/// index whose chains run through the same entries (intrusive indexes: one <see cref="Entry{TKey, T}.Removed"/>
/// stamp takes an item out of the primary table and every index at once).
/// </summary>
/// <remarks>
/// A table is shared by every <see cref="StoreState{TKey, T}"/> published while it is current. The single writer
/// only appends entries, pushes chain heads and stamps <c>Removed</c>; none of that changes what a state with an
/// older version sees. Growing or compacting builds a new table, so old states keep reading the old one.
/// Chains hold entry index + 1, so zeroed arrays are empty chains.
/// </remarks>
internal sealed class Table<TKey, T>
    where TKey : struct
{
    public const int MinCapacity = 16;

    public readonly Entry<TKey, T>[] Entries;

    /// <summary>Primary chain heads, one per bucket.</summary>
    public readonly int[] Buckets;

    /// <summary>Index chain heads: index <c>k</c>'s bucket <c>b</c> is at <c>k * BucketCount + b</c>.</summary>
    public readonly int[] IndexHeads;

    /// <summary>Per entry and index, the index hash and the next entry: entry <c>i</c>, index <c>k</c> at <c>(i * IndexCount + k) * 2</c>.</summary>
    public readonly int[] IndexLinks;

    /// <summary>Per entry, when it expires (UTC ticks, <see cref="long.MaxValue"/> for never); null when nothing in the store expires.</summary>
    public readonly long[]? Expiry;

    public readonly int IndexCount;
    public readonly int Shift;

    /// <summary>
    /// Room for <paramref name="capacity"/> entries (any size: memory follows the item count, not the next power of
    /// two) over power-of-two bucket arrays sized for a load of at most about 1.33 entries per bucket.
    /// </summary>
    public Table(int capacity, int indexCount, bool expiring)
    {
        Expiry = expiring ? new long[capacity] : null;
        // Stryker disable once Arithmetic,Linq : the bucket count only sets chain lengths; lookups are correct with any power of two
        int bucketCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinCapacity, capacity - capacity / 4));
        Entries = new Entry<TKey, T>[capacity];
        Buckets = new int[bucketCount];
        IndexCount = indexCount;
        IndexHeads = indexCount == 0 ? Array.Empty<int>() : new int[indexCount * bucketCount];
        IndexLinks = indexCount == 0 ? Array.Empty<int>() : new int[indexCount * capacity * 2];
        Shift = 32 - BitOperations.Log2((uint)bucketCount);
    }

    public int Capacity => Entries.Length;

    public int BucketCount => Buckets.Length;

    /// <summary>Capacity for <paramref name="live"/> items: a third more, so rebuilds happen once per Θ(n) writes.</summary>
    public static long CapacityFor(long live) => Math.Max(MinCapacity, live + live / 3);

    /// <summary>Fibonacci hashing: spreads weak hashes (small integers, enums) over the power-of-two bucket array.</summary>
    // Stryker disable once Arithmetic : bucket spreading only; lookups are correct with any bucket
    public int Bucket(int hash) => (int)(((uint)hash * 0x9E3779B9u) >> Shift);

    public int IndexHead(int index, int hash) => index * Buckets.Length + Bucket(hash);
}

/// <summary>Where entry and index links sit in <see cref="Table{TKey, T}.IndexLinks"/>.</summary>
internal static class IndexLink
{
    /// <summary>
    /// The slot of entry <paramref name="entry"/>'s link in index <paramref name="index"/> (of <paramref name="stride"/>
    /// indexes): the index hash there, the next entry (as index + 1) in the slot after it.
    /// </summary>
    public static int Of(int entry, int index, int stride) => (entry * stride + index) * 2;
}
