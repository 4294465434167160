using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace StoreGen.Engine;

/// <summary>
/// Enumerates the items of one view in store order (the order of their last write) by a linear scan of the
/// contiguous entry storage. A struct: <c>foreach</c> over a snapshot allocates nothing.
/// </summary>
public struct StoreEnumerator<TKey, T> : IEnumerator<T>
    where TKey : struct
{
    private readonly StoreView<TKey, T> _view;
    private int _index;
    private T _current;

    /// <summary>Starts before the first item of <paramref name="view"/>.</summary>
    public StoreEnumerator(StoreView<TKey, T> view)
    {
        _view = view;
        _index = -1;
        _current = default!;
    }

    /// <inheritdoc />
    public readonly T Current => _current;

    readonly object? IEnumerator.Current => _current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        var entries = _view.State.Table.Entries;
        int end = _view.State.EntryCount;
        while (++_index < end)
        {
            ref var entry = ref entries[_index];
            if (_view.IsVisible(_index, Volatile.Read(ref entry.Removed)))
            {
                _current = entry.Item;
                return true;
            }
        }
        _index = end;
        _current = default!;
        return false;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _index = -1;
        _current = default!;
    }

    /// <inheritdoc />
    public readonly void Dispose()
    {
    }
}
