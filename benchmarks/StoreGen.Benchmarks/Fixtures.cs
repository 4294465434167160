using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace StoreGen.Benchmarks;

/// <summary>
/// The structures under test, built once per size and shared by every benchmark in the (in-process) run, so a
/// million-item setup is paid once rather than once per benchmark case.
/// </summary>
public sealed class Fixture
{
    private static readonly Dictionary<int, Fixture> BySize = new();

    private Fixture(int size)
    {
        Data = new Dataset(size);
        Store = Data.NewStore();
        Concurrent = Data.NewConcurrentDictionary();
        Plain = Data.NewDictionary();
        RwLocked = new RwLockDictionary(Data.NewDictionary());
        Immutable = Data.NewImmutableDictionary();
        Frozen = Data.NewFrozenDictionary();
    }

    public Dataset Data { get; }
    public BenchItemStore Store { get; }
    public ConcurrentDictionary<(string, string), BenchItem> Concurrent { get; }
    public Dictionary<(string, string), BenchItem> Plain { get; }
    public RwLockDictionary RwLocked { get; }
    public ImmutableDictionary<(string, string), BenchItem> Immutable;
    public FrozenDictionary<(string, string), BenchItem> Frozen { get; }

    public static Fixture For(int size)
    {
        lock (BySize)
        {
            if (!BySize.TryGetValue(size, out var fixture))
            {
                BySize[size] = fixture = new Fixture(size);
            }
            return fixture;
        }
    }
}
