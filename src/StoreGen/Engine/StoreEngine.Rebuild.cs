using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace StoreGen.Engine;

// Rebuilds: a table that fills up with replaced and removed entries is copied, live entries only, into a new one.
// The copy is incremental: each transaction copies a share proportional to the room it uses, so no single write
// pays for copying the whole store.
public sealed partial class StoreEngine<TKey, T, TShape>
{
    /// <summary>A rebuild starts when less than this fraction (1 / n) of the table is left for appends.</summary>
    private const int RebuildStartsAtFreeShare = 8;

    /// <summary>A large table's successor is allocated on another thread when less than this fraction is left.</summary>
    private const int RebuildPreparedAtFreeShare = 4;

    /// <summary>Tables of at least this many entries have their successor allocated off the writer's thread.</summary>
    private const int PreparedFrom = 1 << 16;

    /// <summary>
    /// Makes room for <paramref name="appends"/> more entries. When the table is nearly full a rebuild starts: a new
    /// table sized for the live items plus headroom (and the appends made while it fills), into which each later
    /// transaction copies, in order, a share of the entries proportional to the room it uses, so the copy is done
    /// before the old table runs out; then the new table becomes the writer's. The O(n) copy is paid once per Θ(n)
    /// writes, no write pays all of it, and memory follows the item count both up and down. Old tables are left
    /// untouched for the states that still read them. A batch that does not fit finishes the copy at once.
    /// </summary>
    private void EnsureRoom(int appends)
    {
        var table = _tx.Table;
        long free = (long)table.Capacity - _tx.Cursor - appends;
        if (_tx.Next is null && _tx.Prepared is null && table.Capacity >= PreparedFrom && free < table.Capacity / RebuildPreparedAtFreeShare)
        {
            long capacity = RebuildCapacity(appends);
            _tx.Prepared = Task.Run(() => NewTable((int)capacity));
        }
        if (_tx.Next is null && free < table.Capacity / RebuildStartsAtFreeShare)
        {
            _tx.Next = StartRebuild(appends);
        }
        if (_tx.Next is { } next)
        {
            next.Stamped.Clear();
            bool full = (long)_tx.Cursor + appends > table.Capacity;
            Copy(next, full ? int.MaxValue : Quota(next, appends));
            if (next.Scanned == _tx.Cursor)
            {
                Switch(next);
            }
        }
        if ((long)_tx.Cursor + appends > _tx.Table.Capacity)
        {
            var again = StartRebuild(appends);   // a batch larger than the new table's headroom
            Copy(again, int.MaxValue);
            Switch(again);
        }
    }

    /// <summary>
    /// How many entries to copy before a transaction appending <paramref name="appends"/>: its appends plus the
    /// entries still to copy in proportion to the room it uses, so the copy ends by the time the table is full.
    /// </summary>
    private int Quota(Rebuild next, int appends)
    {
        long share = Math.Max(1, appends);
        long free = Math.Max(1, _tx.Table.Capacity - _tx.Cursor);
        long remaining = _tx.Cursor - next.Scanned;
        return (int)Math.Min(int.MaxValue, share + (remaining * share + free - 1) / free);
    }

    /// <summary>
    /// A new, empty table for the live items, sized as follows. A table that filled up with replaced and removed
    /// entries (churn) gets room for as many writes again as it holds items, so rebuilds (and their large
    /// allocations) come once per n writes, not per n/3; one that filled up with new items (growth, bulk loads)
    /// keeps the tighter third. Both get the current table's free room on top, for the appends made while the copy runs.
    /// </summary>
    private Rebuild StartRebuild(int appends)
    {
        long capacity = RebuildCapacity(appends);
        var prepared = _tx.Prepared;
        _tx.Prepared = null;
        // A table prepared earlier serves if it has room for every item plus every append the old table can still
        // take, and is not far larger than needed now (many items may have been removed since); if it is not ready
        // yet, allocating here beats waiting for a thread.
        long needed = (long)_tx.Count + appends + Math.Max(0, _tx.Table.Capacity - _tx.Cursor);
        return new Rebuild(prepared is { IsCompletedSuccessfully: true } && prepared.Result.Capacity >= needed && prepared.Result.Capacity <= 2 * capacity
            ? prepared.Result
            : NewTable((int)capacity));
    }

    /// <summary>The capacity of the table a rebuild starting now, before <paramref name="appends"/> appends, would fill.</summary>
    private long RebuildCapacity(int appends)
    {
        long live = (long)_tx.Count + appends;
        long dead = (long)_tx.Cursor - _tx.Count;
        bool churn = dead > 0 && dead * 4 >= _tx.Count;   // at least a quarter of the entries are dead
        long sized = churn ? Math.Max(Table<TKey, T>.CapacityFor(live), 2 * live) : Table<TKey, T>.CapacityFor(live);
        long capacity = Math.Max(_initialCapacity, sized + Math.Max(0, _tx.Table.Capacity - _tx.Cursor));
        if (capacity > Array.MaxLength / Math.Max(2, 2 * _tx.Table.IndexCount))
        {
            throw new StoreException(TShape.StoreName, "Grow", Array.Empty<object?>(), $"cannot hold {live} items");
        }
        return capacity;
    }

    /// <summary>
    /// Copies up to <paramref name="quota"/> more committed entries of the current table (those below the cursor),
    /// the live ones, into the rebuild's table, linking them into its bucket and index chains. No state reads that
    /// table before it is published, so plain writes suffice.
    /// </summary>
    private void Copy(Rebuild next, int quota)
    {
        var old = _tx.Table;
        var table = next.Target;
        int stride = old.IndexCount;
        int end = (int)Math.Min(_tx.Cursor, (long)next.Scanned + quota);
        for (int i = next.Scanned; i < end; i++)
        {
            ref var source = ref old.Entries[i];
            if (!source.IsLive)
            {
                continue;
            }
            int j = next.Cursor++;
            ref var target = ref table.Entries[j];
            target = source;
            int bucket = table.Bucket(source.Hash);
            target.Next = table.Buckets[bucket];
            table.Buckets[bucket] = j + 1;
            if (table.Expiry is { } expiry)
            {
                expiry[j] = old.Expiry![i];
            }
            for (int index = 0; index < stride; index++)
            {
                int hash = old.IndexLinks[IndexLink.Of(i, index, stride)];
                int link = IndexLink.Of(j, index, stride);
                ref int head = ref table.IndexHeads[table.IndexHead(index, hash)];
                table.IndexLinks[link] = hash;
                table.IndexLinks[link + 1] = head;
                head = j + 1;
            }
        }
        next.Scanned = end;
    }

    /// <summary>Makes a finished rebuild's table the writer's; it is published with the next change.</summary>
    private void Switch(Rebuild next)
    {
        _tx.Table = next.Target;
        _tx.Cursor = next.Cursor;
        _tx.Next = null;
    }

    /// <summary>Drops a running or prepared rebuild: the writer's table was replaced by other means (clear, restore).</summary>
    private void CancelRebuild()
    {
        _tx.Next = null;
        _tx.Prepared = null;
    }

    /// <summary>
    /// Mirrors the stamp that ended entry <paramref name="i"/>'s life at <paramref name="version"/> onto its copy in
    /// a running rebuild, if it was copied already: the copy is the live entry with the same key there.
    /// </summary>
    private void StampCopy(int i, long version)
    {
        if (_tx.Next is not { } next || i >= next.Scanned)
        {
            return;
        }
        ref var entry = ref _tx.Table.Entries[i];
        int copy = FindLive(next.Target, entry.Key, entry.Hash);
        next.Target.Entries[copy].Removed = version;
        next.Stamped.Add(copy);
    }

    /// <summary>Undoes the stamps a rolled-back transaction mirrored onto a running rebuild's copies.</summary>
    private void RollBackCopies()
    {
        if (_tx.Next is not { } next)
        {
            return;
        }
        foreach (int copy in next.Stamped)
        {
            next.Target.Entries[copy].Removed = Entry<TKey, T>.Live;
        }
        next.Stamped.Clear();
    }

    /// <summary>A rebuild in progress: the new table, how far the current one has been copied, and where copies go.</summary>
    private sealed class Rebuild(Table<TKey, T> target)
    {
        public readonly Table<TKey, T> Target = target;

        /// <summary>Entries of the current table below this index have been copied (the live ones) or skipped.</summary>
        public int Scanned;

        /// <summary>The new table's append cursor.</summary>
        public int Cursor;

        /// <summary>Copies stamped by the open transaction, to undo if it rolls back.</summary>
        public readonly List<int> Stamped = new();
    }
}
