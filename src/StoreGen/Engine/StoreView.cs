using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// A state read at a moment: the immutable <see cref="StoreState{TKey, T}"/> plus, for stores whose items expire,
/// the time the view was taken (items that expired by then are invisible). What a generated snapshot wraps.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct StoreView<TKey, T>
    where TKey : struct
{
    /// <summary>A view of <paramref name="state"/> at <paramref name="now"/> (UTC ticks; <see cref="long.MinValue"/> when nothing expires).</summary>
    public StoreView(StoreState<TKey, T> state, long now)
    {
        State = state;
        Now = now;
    }

    /// <summary>A view of <paramref name="state"/> in which nothing expires: what a store without expiry reads.</summary>
    public static StoreView<TKey, T> WithoutExpiry(StoreState<TKey, T> state) => new(state, long.MinValue);

    /// <summary>The state read.</summary>
    public StoreState<TKey, T> State { get; }

    /// <summary>UTC ticks at which expiry is judged.</summary>
    public long Now { get; }

    /// <summary>The version of the state.</summary>
    public long Version => State.Version;

    /// <summary>
    /// Items visible in this view. O(1), unless items expired since the last sweep, in which case it counts them
    /// (a sweep, or the background sweeper, brings it back to O(1)).
    /// </summary>
    public int Count
    {
        get
        {
            var expiry = State.Table.Expiry;
            // Stryker disable once Logical,Block : a fast path only; counting the visible entries gives the same number
            if (expiry is null || Now < State.MinExpiry)
            {
                return State.Count;
            }
            int count = 0;
            var enumerator = new StoreEnumerator<TKey, T>(this);
            while (enumerator.MoveNext())
            {
                count++;
            }
            return count;
        }
    }

    /// <summary>Whether entry <paramref name="index"/> is part of this view.</summary>
    internal bool IsVisible(int index, long removed)
    {
        if (index >= State.EntryCount || removed <= State.Version)
        {
            return false;
        }
        var expiry = State.Table.Expiry;
        return expiry is null || Volatile.Read(ref expiry[index]) > Now;
    }
}
