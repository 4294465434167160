using System.Linq;
using BenchmarkDotNet.Attributes;

namespace StoreGen.Benchmarks;

/// <summary>
/// A filtered, ordered page (the error-log store's ListErrors) at 1,000,000 items: StoreGen's query reads its candidates
/// through the Host index; the baseline runs the same query as LINQ over a ConcurrentDictionary.
/// </summary>
public class QueryBenchmarks
{
    private Fixture _f = null!;

    [Params(1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _f = Fixture.For(Size);

    [Benchmark]
    public int StoreGen_QueryPage()
    {
        var page = _f.Store.Query()
            .WhereHost(_f.Data.Host)
            .Where(item => item.Port >= 80)
            .OrderByDescending(item => item.Name)
            .ToPage(offset: 20, limit: 20);
        return page.Total + page.Items.Count;
    }

    [Benchmark(Baseline = true)]
    public int ConcurrentDictionary_LinqPage()
    {
        string host = _f.Data.Host;
        var matching = _f.Concurrent.Select(pair => pair.Value).Where(item => item.Host == host && item.Port >= 80).ToList();
        var items = matching.OrderByDescending(item => item.Name).Skip(20).Take(20).ToList();
        return matching.Count + items.Count;
    }
}
