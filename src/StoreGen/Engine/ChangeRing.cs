using System;
using System.Collections.Generic;
using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// The last <c>capacity</c> changes, indexed by version (slot = version mod capacity), readable without locks.
/// The single writer fills slots for versions above the published one before publishing it; a reader asks only for
/// versions at or below its state's version, and detects a slot overwritten by a newer version (or being written)
/// with a sequence check, in which case the change is gone and the caller must resynchronize.
/// </summary>
internal sealed class ChangeRing<T>
{
    private readonly Slot[] _slots;

    /// <summary>Changes at or below this version are not retained (a batch too large for the ring raises it).</summary>
    private long _floor;

    public ChangeRing(int capacity) => _slots = new Slot[capacity];

    public int Capacity => _slots.Length;

    public long Floor => Volatile.Read(ref _floor);

    /// <summary>Writer only: records the change that produced <paramref name="version"/>.</summary>
    public void Write(long version, ChangeKind kind, T item)
    {
        ref var slot = ref _slots[version % _slots.Length];
        // Stryker disable once Statement,Unary : only a reader racing this write on another thread can see the sentinel
        Volatile.Write(ref slot.Version, -1);   // readers of the old version in this slot now fail their check
        // Stryker disable once Statement : a memory-ordering fence; no single-threaded test can observe its absence
        Interlocked.MemoryBarrier();
        slot.Kind = kind;
        slot.Item = item;
        Volatile.Write(ref slot.Version, version);
    }

    /// <summary>Writer only: a transaction's changes did not fit; nothing at or below <paramref name="version"/> can be served.</summary>
    public void Forget(long version) => Volatile.Write(ref _floor, version);

    /// <summary>Changes (cursor, upTo] or null if any of them is no longer retained.</summary>
    public Change<T>[]? Read(long cursor, long upTo)
    {
        if (cursor < Floor || upTo - cursor > _slots.Length)
        {
            return null;
        }
        var changes = new Change<T>[upTo - cursor];
        for (long version = cursor + 1; version <= upTo; version++)
        {
            ref var slot = ref _slots[version % _slots.Length];
            // Stryker disable once Block : the re-check below returns null for the same mismatch
            if (Volatile.Read(ref slot.Version) != version)
            {
                return null;
            }
            var kind = slot.Kind;
            var item = slot.Item;
            // Stryker disable once Statement : a memory-ordering fence; no single-threaded test can observe its absence
            Interlocked.MemoryBarrier();
            // Stryker disable once Block : the re-check catches a writer that overwrote the slot during this read (another thread)
            if (Volatile.Read(ref slot.Version) != version)
            {
                return null;
            }
            changes[version - cursor - 1] = new Change<T>(kind, item, version);
        }
        return cursor < Floor ? null : changes;
    }

    private struct Slot
    {
        public long Version;
        public ChangeKind Kind;
        public T Item;
    }
}
