using System.Collections.Generic;
using System.Threading;

namespace StoreGen.Benchmarks;

/// <summary>The Go stores' design: a Dictionary behind a reader-writer lock; a snapshot is a copy under the read lock.</summary>
public sealed class RwLockDictionary
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<(string, string), BenchItem> _items;

    public RwLockDictionary(Dictionary<(string, string), BenchItem> items) => _items = items;

    public BenchItem? Get((string, string) key)
    {
        _lock.EnterReadLock();
        try
        {
            return _items.TryGetValue(key, out var item) ? item : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Set((string, string) key, BenchItem item)
    {
        _lock.EnterWriteLock();
        try
        {
            _items[key] = item;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public Dictionary<(string, string), BenchItem> Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            return new Dictionary<(string, string), BenchItem>(_items);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
