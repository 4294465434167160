using StoreGen;

namespace StoreGen.Benchmarks;

/// <summary>The benchmark entity: keyed by (string, string) with one secondary index, as the issue specifies.</summary>
[Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
[Index(nameof(Host))]
public partial record BenchItem(string Namespace, string Name, string Host, int Port);
