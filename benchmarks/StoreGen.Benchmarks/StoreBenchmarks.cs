using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace StoreGen.Benchmarks;

/// <summary>Get by full key: 1,024 random keys per invocation, reported per lookup.</summary>
public class GetBenchmarks
{
    private Fixture _f = null!;

    [Params(10_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size).EnsureImmutable();

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public int StoreGen_Get()
    {
        var store = _f.Store;
        var ns = _f.Data.LookupNamespaces;
        var names = _f.Data.LookupNames;
        int sum = 0;
        for (int i = 0; i < ns.Length; i++)
        {
            sum += store.Get(ns[i], names[i])!.Port;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Dataset.Lookups)]
    public int ConcurrentDictionary_Get()
    {
        var map = _f.Concurrent;
        var keys = _f.Data.LookupKeys;
        int sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            sum += map[keys[i]].Port;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public int RwLockDictionary_Get()
    {
        var map = _f.RwLocked;
        var keys = _f.Data.LookupKeys;
        int sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            sum += map.Get(keys[i])!.Port;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public int ImmutableDictionary_Get()
    {
        var map = Volatile.Read(ref _f.Immutable);
        var keys = _f.Data.LookupKeys;
        int sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            sum += map[keys[i]].Port;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public int FrozenDictionary_Get()
    {
        var map = _f.Frozen;
        var keys = _f.Data.LookupKeys;
        int sum = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            sum += map[keys[i]].Port;
        }
        return sum;
    }
}

/// <summary>Partial-key lookup returning 100 items, against a LINQ scan of a ConcurrentDictionary.</summary>
public class FindBenchmarks
{
    private Fixture _f = null!;

    [Params(10_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size);

    [Benchmark]
    public int StoreGen_FindPrefix() => _f.Store.Find(_f.Data.PrefixNamespace).Count;

    [Benchmark(Baseline = true)]
    public int ConcurrentDictionary_LinqScan()
    {
        string ns = _f.Data.PrefixNamespace;
        return _f.Concurrent.Where(pair => pair.Key.Item1 == ns).Select(pair => pair.Value).ToList().Count;
    }

    [Benchmark]
    public int StoreGen_FindByHost() => _f.Store.FindByHost(_f.Data.Host).Count;
}

/// <summary>Taking a consistent point-in-time view.</summary>
public class SnapshotBenchmarks
{
    private Fixture _f = null!;

    [Params(10_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size).EnsureImmutable();

    [Benchmark]
    public long StoreGen_Snapshot() => _f.Store.Snapshot().Version;

    [Benchmark(Baseline = true)]
    public int ImmutableDictionary_VolatileRead() => Volatile.Read(ref _f.Immutable).Count;

    [Benchmark]
    public int ConcurrentDictionary_ToArray() => _f.Concurrent.ToArray().Length;

    [Benchmark]
    public int RwLockDictionary_Copy() => _f.RwLocked.Snapshot().Count;
}

/// <summary>Enumerating every item (divide by Size for the time per item).</summary>
public class EnumerateBenchmarks
{
    private Fixture _f = null!;

    [Params(10_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size).EnsureImmutable();

    [Benchmark]
    public int StoreGen_EnumerateSnapshot()
    {
        int sum = 0;
        foreach (var item in _f.Store.Snapshot())
        {
            sum += item.Port;
        }
        return sum;
    }

    [Benchmark(Baseline = true)]
    public int Dictionary_Enumerate()
    {
        int sum = 0;
        foreach (var pair in _f.Plain)
        {
            sum += pair.Value.Port;
        }
        return sum;
    }

    [Benchmark]
    public int ConcurrentDictionary_Enumerate()
    {
        int sum = 0;
        foreach (var pair in _f.Concurrent)
        {
            sum += pair.Value.Port;
        }
        return sum;
    }

    [Benchmark]
    public int FrozenDictionary_Enumerate()
    {
        int sum = 0;
        foreach (var pair in _f.Frozen)
        {
            sum += pair.Value.Port;
        }
        return sum;
    }

    [Benchmark]
    public int ImmutableDictionary_Enumerate()
    {
        int sum = 0;
        foreach (var pair in _f.Immutable)
        {
            sum += pair.Value.Port;
        }
        return sum;
    }
}

/// <summary>Replacing an existing item: 1,024 random keys per invocation, reported per write.</summary>
public class UpsertBenchmarks
{
    private Fixture _f = null!;
    private bool _flip;

    [Params(10_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size).EnsureImmutable();

    private BenchItem[] NextVersion() => (_flip = !_flip) ? _f.Data.Updates : _f.Data.Items;

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public void StoreGen_Upsert_WithIndex()
    {
        var items = NextVersion();
        var store = _f.Store;
        foreach (int n in _f.Data.LookupIndexes)
        {
            store.Upsert(items[n]);
        }
    }

    /// <summary>Updates that move items between hosts and back: the Host index changes on every write.</summary>
    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public void StoreGen_Upsert_IndexedMemberChanged()
    {
        bool moved = _flip = !_flip;
        var store = _f.Store;
        var indexes = _f.Data.LookupIndexes;
        for (int i = 0; i < indexes.Length; i++)
        {
            store.Upsert(moved ? _f.Data.Moves[i] : _f.Data.Items[indexes[i]]);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Dataset.Lookups)]
    public void ConcurrentDictionary_Set()
    {
        var items = NextVersion();
        var map = _f.Concurrent;
        foreach (int n in _f.Data.LookupIndexes)
        {
            var item = items[n];
            map[(item.Namespace, item.Name)] = item;
        }
    }

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public void ImmutableDictionary_SetItemCas_NoIndex()
    {
        var items = NextVersion();
        foreach (int n in _f.Data.LookupIndexes)
        {
            var item = items[n];
            while (true)
            {
                var current = Volatile.Read(ref _f.Immutable);
                var next = current.SetItem((item.Namespace, item.Name), item);
                if (Interlocked.CompareExchange(ref _f.Immutable, next, current) == current)
                {
                    break;
                }
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Dataset.Lookups)]
    public void RwLockDictionary_Set()
    {
        var items = NextVersion();
        var map = _f.RwLocked;
        foreach (int n in _f.Data.LookupIndexes)
        {
            var item = items[n];
            map.Set((item.Namespace, item.Name), item);
        }
    }
}
