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

    private BenchItemStore? _store;
    private ConcurrentDictionary<(string, string), BenchItem>? _concurrent;
    private Dictionary<(string, string), BenchItem>? _plain;
    private RwLockDictionary? _rwLocked;
    private FrozenDictionary<(string, string), BenchItem>? _frozen;
    private bool _immutableBuilt;

    private Fixture(int size) => Data = new Dataset(size);

    public Dataset Data { get; }

    // Each structure is built on first use, so a run holds only what its benchmarks touch (a smaller heap keeps
    // garbage collections from dominating the million-item cases).
    public BenchItemStore Store => _store ??= Data.NewStore();
    public ConcurrentDictionary<(string, string), BenchItem> Concurrent => _concurrent ??= Data.NewConcurrentDictionary();
    public Dictionary<(string, string), BenchItem> Plain => _plain ??= Data.NewDictionary();
    public RwLockDictionary RwLocked => _rwLocked ??= new RwLockDictionary(Data.NewDictionary());
    public FrozenDictionary<(string, string), BenchItem> Frozen => _frozen ??= Data.NewFrozenDictionary();

    /// <summary>Swapped by compare-and-swap in the write benchmarks, so it is a field; call <see cref="EnsureImmutable"/> first.</summary>
    public ImmutableDictionary<(string, string), BenchItem> Immutable = ImmutableDictionary<(string, string), BenchItem>.Empty;

    public Fixture EnsureImmutable()
    {
        if (!_immutableBuilt)
        {
            Immutable = Data.NewImmutableDictionary();
            _immutableBuilt = true;
        }
        return this;
    }

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
