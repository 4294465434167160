using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>SG0015 (hand-written stores) and SG0016/SG0017 (untyped key calls).</summary>
public class ContractAnalyzerTests
{
    /// <summary>A hand-written IIndexedStore whose Upsert performs <paramref name="write"/> on <paramref name="field"/>.</summary>
    private static string LegacyStore(string write, string field = "_items", string collection = "Dictionary<string, object>") =>
        DeclarationAnalyzerTests.Header + $$"""
        public sealed class LegacyStore : IIndexedStore
        {
            private readonly {{collection}} {{field}} = new();
            private long _version = 1;
            public string StoreName => "Legacy";
            public int KeyCount => 1;
            public IReadOnlyList<string> KeyNames => new[] { "Id" };
            public int Count => _items.Count;
            public long Version => _version;
            public IReadOnlyList<object> GetByKeys(params object?[] keys) => new List<object>(_items.Values);
            public void Upsert(string id, object item) => {{write}};{{(write.StartsWith("Lock(", StringComparison.Ordinal) ? LockHelper : "")}}
        }
        """;

    private const string LockHelper = "\n    private void Lock(Action a) { lock (_items) { a(); } }";

    [Fact]
    public async Task Hand_written_store_writing_a_dictionary_without_synchronization_is_flagged_at_the_field()
    {
        await StoreGenAnalyzerTest.VerifyAsync(LegacyStore("_items[id] = item", field: "{|#0:_items|}"),
            new DiagnosticResult("SG0015", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'LegacyStore' implements IIndexedStore and writes '_items' (Dictionary<string, object>, indexer set) with no lock, Interlocked, Volatile, concurrent or immutable collection; concurrent readers can see it torn; use a generated store or synchronize"));
    }

    [Theory]
    [InlineData("_items.Add(id, item)", true)]
    [InlineData("_items.Remove(id)", true)]
    [InlineData("Lock(() => _items[id] = item)", false)]
    [InlineData("System.Threading.Interlocked.Increment(ref _version)", false)]
    public async Task Only_unsynchronized_writes_are_flagged(string write, bool flagged)
    {
        await StoreGenAnalyzerTest.VerifyAsync(LegacyStore(write, field: flagged ? "{|SG0015:_items|}" : "_items"));
    }

    [Fact]
    public async Task Concurrent_collections_and_classes_outside_the_contract_are_not_flagged()
    {
        await StoreGenAnalyzerTest.VerifyAsync(LegacyStore("_items[id] = item", collection: "System.Collections.Concurrent.ConcurrentDictionary<string, object>"));
        await StoreGenAnalyzerTest.VerifyAsync(DeclarationAnalyzerTests.Header +
            "public class Cache { private readonly Dictionary<string, int> _d = new(); public void Set(string k) => _d[k] = 1; }");
    }

    private const string Placement = DeclarationAnalyzerTests.Header +
        "[Store(Keys = new[] { nameof(Region), nameof(Shard) })]\npublic partial record Placement(string Region, int Shard);\n";

    private static string Use(string call) =>
        Placement + $"public static class Use {{ static object Other() => 1; public static object M(PlacementStore s) => {call}; }}";

    [Theory]
    [InlineData("s.GetByKeys(\"eu\", 1, {|SG0016:\"x\", 2|})")]
    [InlineData("s.Snapshot().GetByKeys(\"eu\", 1, {|SG0016:3|})")]
    [InlineData("s.GetByKeys(\"eu\", {|SG0017:\"1\"|})")]
    [InlineData("s.GetByKeys(\"eu\", {|SG0017:null|})")]
    [InlineData("s.GetByKeys(\"eu\", {|SG0017:1L|})")]
    public async Task Untyped_key_calls_are_checked_against_the_store_keys(string call)
    {
        await StoreGenAnalyzerTest.VerifyAsync(Use(call));
    }

    [Theory]
    [InlineData("s.GetByKeys(\"eu\", 1)")]
    [InlineData("s.GetByKeys()")]
    [InlineData("((IIndexedStore)s).GetByKeys(\"eu\", 1, 2, 3)")]
    [InlineData("s.GetByKeys(\"eu\", Other())")]
    [InlineData("s.GetByKeys(new object[] { \"eu\" })")]
    public async Task Calls_that_fit_or_cannot_be_judged_stay_silent(string call)
    {
        await StoreGenAnalyzerTest.VerifyAsync(Use(call));
    }

    [Fact]
    public async Task A_null_key_array_stays_silent()
    {
        // Only the compiler's nullability warning: the analyzer cannot judge a null array.
        await StoreGenAnalyzerTest.VerifyAsync(Use("s.GetByKeys({|CS8625:null|})"));
    }

    [Fact]
    public async Task Too_many_keys_message_names_store_keys_and_counts()
    {
        await StoreGenAnalyzerTest.VerifyAsync(Use("s.GetByKeys(\"eu\", 1, {|#0:2|})"),
            new DiagnosticResult("SG0016", DiagnosticSeverity.Error).WithLocation(0).WithMessage(
                "'PlacementStore' has 2 key member(s) (Region, Shard) but GetByKeys is given 3 values; it would throw StoreException"));
    }
}
