using System;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace StoreGen.Benchmarks;

/// <summary>
/// N items keyed by (namespace, name): 100 items per namespace, 1,000 hosts. Lookups use fresh string copies of
/// the keys (as keys parsed from a request would be), in random order, so no structure wins by reference equality
/// or by a warm cache line.
/// </summary>
public sealed class Dataset
{
    public const int ItemsPerNamespace = 100;
    public const int Lookups = 1024;

    public Dataset(int size)
    {
        Size = size;
        Items = new BenchItem[size];
        Updates = new BenchItem[size];
        for (int n = 0; n < size; n++)
        {
            Items[n] = new BenchItem($"ns-{n / ItemsPerNamespace}", $"item-{n}", $"host-{n % 1000}.example.com", 80);
            Updates[n] = Items[n] with { Port = 81 };
        }
        var random = new Random(42);
        LookupIndexes = Enumerable.Range(0, Lookups).Select(_ => random.Next(size)).ToArray();
        LookupNamespaces = LookupIndexes.Select(n => new string(Items[n].Namespace.AsSpan())).ToArray();
        LookupNames = LookupIndexes.Select(n => new string(Items[n].Name.AsSpan())).ToArray();
        LookupKeys = LookupIndexes.Select((n, i) => (LookupNamespaces[i], LookupNames[i])).ToArray();
        Moves = LookupIndexes.Select(n => Items[n] with { Host = $"host-{(n + 1) % 1000}.example.com" }).ToArray();
        PrefixNamespace = new string(Items[size / 2].Namespace.AsSpan());
        Host = "host-7.example.com";
    }

    public int Size { get; }
    public BenchItem[] Items { get; }
    public BenchItem[] Updates { get; }
    public int[] LookupIndexes { get; }
    public string[] LookupNamespaces { get; }
    public string[] LookupNames { get; }
    public (string, string)[] LookupKeys { get; }

    /// <summary>For each lookup, its item moved to another host: an update that changes an indexed member.</summary>
    public BenchItem[] Moves { get; }
    public string PrefixNamespace { get; }
    public string Host { get; }

    public static (string, string) KeyOf(BenchItem item) => (item.Namespace, item.Name);

    public BenchItemStore NewStore()
    {
        var store = new BenchItemStore();
        store.UpsertMany(Items);
        return store;
    }

    public ConcurrentDictionary<(string, string), BenchItem> NewConcurrentDictionary() =>
        new(Items.Select(i => new KeyValuePair<(string, string), BenchItem>(KeyOf(i), i)));

    public Dictionary<(string, string), BenchItem> NewDictionary() => Items.ToDictionary(KeyOf);

    public ImmutableDictionary<(string, string), BenchItem> NewImmutableDictionary() => Items.ToImmutableDictionary(KeyOf);

    public FrozenDictionary<(string, string), BenchItem> NewFrozenDictionary() => Items.ToFrozenDictionary(KeyOf);
}
