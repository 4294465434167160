using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// Lock-free reads of one <see cref="StoreView{TKey, T}"/>. Never waits, never allocates except for results, and
/// sees exactly the items of that view however many writes run at the same time.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public abstract class StoreReader<TKey, T, TShape>
    where TKey : struct
    where TShape : struct, IStoreShape<TKey, T>
{
    /// <summary>
    /// Derived only to give the reader a short name in generated code (<c>private abstract class Reader :
    /// StoreReader&lt;Key, Item, Shape&gt;</c>); never instantiated: every member is static.
    /// </summary>
    protected StoreReader()
    {
    }

    /// <summary>Returns <paramref name="key"/> if it can be looked up; throws <see cref="StoreException"/> (e.g. for a null member) if not.</summary>
    public static TKey Checked(in TKey key, string operation)
    {
        var problem = TShape.ValidateKey(key);
        return problem is null ? key : throw new StoreException(TShape.StoreName, operation, TShape.KeyValues(key), problem);
    }

    /// <summary>The item with <paramref name="key"/> in <paramref name="view"/>.</summary>
    public static bool TryGet(in StoreView<TKey, T> view, in TKey key, [MaybeNullWhen(false)] out T item)
    {
        int hash = TShape.HashKey(key);
        var table = view.State.Table;
        var entries = table.Entries;
        int i = Volatile.Read(ref table.Buckets[table.Bucket(hash)]) - 1;
        while (i >= 0)
        {
            ref var entry = ref entries[i];
            if (entry.Hash == hash && view.IsVisible(i, Volatile.Read(ref entry.Removed)) && TShape.KeyEquals(entry.Key, key))
            {
                item = entry.Item;
                return true;
            }
            i = entry.Next - 1;
        }
        item = default;
        return false;
    }

    /// <summary>
    /// Every item in index <paramref name="index"/> whose value hashes to <paramref name="hash"/> and satisfies
    /// <paramref name="matcher"/>, in store order. Cost grows with the matches (plus hash collisions), not with the store.
    /// </summary>
    public static IReadOnlyList<T> Find<TMatcher>(in StoreView<TKey, T> view, int index, int hash, TMatcher matcher)
        where TMatcher : struct, IEntryMatcher<TKey, T>
    {
        var table = view.State.Table;
        var entries = table.Entries;
        var links = table.IndexLinks;
        int stride = table.IndexCount;
        T[]? buffer = null;
        int found = 0;
        int i = Volatile.Read(ref table.IndexHeads[table.IndexHead(index, hash)]) - 1;
        while (i >= 0)
        {
            int link = IndexLink.Of(i, index, stride);
            if (links[link] == hash)
            {
                ref var entry = ref entries[i];
                if (view.IsVisible(i, Volatile.Read(ref entry.Removed)) && matcher.Matches(entry.Key, entry.Item))
                {
                    Append(ref buffer, found++, entry.Item);
                }
            }
            i = links[link + 1] - 1;
        }
        return Complete(buffer, found);
    }

    /// <summary>The first (for a unique index: the only) item of index <paramref name="index"/> matching <paramref name="matcher"/>.</summary>
    public static bool TryFindFirst<TMatcher>(in StoreView<TKey, T> view, int index, int hash, TMatcher matcher, [MaybeNullWhen(false)] out T item)
        where TMatcher : struct, IEntryMatcher<TKey, T>
    {
        var table = view.State.Table;
        var entries = table.Entries;
        var links = table.IndexLinks;
        int stride = table.IndexCount;
        int i = Volatile.Read(ref table.IndexHeads[table.IndexHead(index, hash)]) - 1;
        while (i >= 0)
        {
            int link = IndexLink.Of(i, index, stride);
            if (links[link] == hash)
            {
                ref var entry = ref entries[i];
                if (view.IsVisible(i, Volatile.Read(ref entry.Removed)) && matcher.Matches(entry.Key, entry.Item))
                {
                    item = entry.Item;
                    return true;
                }
            }
            i = links[link + 1] - 1;
        }
        item = default;
        return false;
    }

    /// <summary>All items of <paramref name="view"/> in store order, as a new array.</summary>
    public static T[] ToArray(in StoreView<TKey, T> view)
    {
        var result = new T[view.Count];
        int n = 0;
        var items = new StoreEnumerator<TKey, T>(view);
        while (items.MoveNext())
        {
            result[n++] = items.Current;
        }
        return result;
    }

    // Chains run newest first; results are collected in a pooled buffer and returned oldest first (store order)
    // in one exactly-sized array.
    private static void Append(ref T[]? buffer, int n, T item)
    {
        if (buffer is null)
        {
            buffer = ArrayPool<T>.Shared.Rent(16);
        }
        else if (n == buffer.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(n * 2);
            buffer.AsSpan().CopyTo(larger);
            Return(buffer);
            buffer = larger;
        }
        buffer[n] = item;
    }

    private static IReadOnlyList<T> Complete(T[]? buffer, int found)
    {
        if (buffer is null)
        {
            return Array.Empty<T>();
        }
        var result = new T[found];
        for (int n = 0; n < found; n++)
        {
            result[n] = buffer[found - 1 - n];
        }
        Return(buffer);
        return result;
    }

    private static void Return(T[] buffer) =>
        ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
}
