using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>SG0015 (hand-written stores) and SG0016/SG0017 (untyped key calls).</summary>
public class ContractAnalyzerTests
{
    private const string HandWritten = DeclarationAnalyzerTests.Header + """
        public sealed class LegacyStore : IIndexedStore
        {
            private readonly Dictionary<string, object> [|_items|] = new();
            public string StoreName => "Legacy";
            public int KeyCount => 1;
            public IReadOnlyList<string> KeyNames => new[] { "Id" };
            public int Count => _items.Count;
            public long Version => 0;
            public IReadOnlyList<object> GetByKeys(params object?[] keys) => new List<object>(_items.Values);
            public void Upsert(string id, object item) => WRITE;
        }
        """;

    [Fact]
    public async Task Hand_written_store_writing_a_dictionary_without_synchronization_is_flagged_at_the_field()
    {
        var (source, span) = AnalyzerHarness.Marked(HandWritten.Replace("WRITE", "_items[id] = item"));
        var diagnostic = Assert.Single(await AnalyzerHarness.Diagnose(source));
        Assert.Equal("SG0015", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("'LegacyStore' implements IIndexedStore and writes '_items'", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("_items.Add(id, item)", true)]
    [InlineData("_items.Remove(id)", true)]
    [InlineData("Lock(() => _items[id] = item)", false)]
    [InlineData("System.Threading.Interlocked.Increment(ref _version)", false)]
    public async Task Only_unsynchronized_writes_are_flagged(string write, bool flagged)
    {
        string source = AnalyzerHarness.Marked(HandWritten.Replace("WRITE", write)).Source
            .Replace("public long Version => 0;", "private long _version; public long Version => _version;");
        if (write.StartsWith("Lock(", System.StringComparison.Ordinal))
        {
            source = source.Replace("public int Count =>", "private void Lock(Action a) { lock (_items) { a(); } }\n    public int Count =>");
        }
        var diagnostics = await AnalyzerHarness.Diagnose(source);
        Assert.Equal(flagged, diagnostics.Length == 1 && diagnostics[0].Id == "SG0015");
        if (!flagged)
        {
            Assert.Empty(diagnostics);
        }
    }

    [Fact]
    public async Task Concurrent_collections_and_classes_outside_the_contract_are_not_flagged()
    {
        string concurrent = AnalyzerHarness.Marked(HandWritten.Replace("WRITE", "_items[id] = item")).Source
            .Replace("private readonly Dictionary<string, object> _items = new();", "private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _items = new();");
        Assert.Empty(await AnalyzerHarness.Diagnose(concurrent));

        string notAStore = DeclarationAnalyzerTests.Header + "public class Cache { private readonly Dictionary<string, int> _d = new(); public void Set(string k) => _d[k] = 1; }";
        Assert.Empty(await AnalyzerHarness.Diagnose(notAStore));
    }

    private const string Placement = DeclarationAnalyzerTests.Header +
        "[Store(Keys = new[] { nameof(Region), nameof(Shard) })]\npublic partial record Placement(string Region, int Shard);\n";

    [Theory]
    [InlineData("SG0016", "s.GetByKeys(\"eu\", 1, [|\"x\", 2|])")]
    [InlineData("SG0016", "s.Snapshot().GetByKeys(\"eu\", 1, [|3|])")]
    [InlineData("SG0017", "s.GetByKeys(\"eu\", [|\"1\"|])")]
    [InlineData("SG0017", "s.GetByKeys(\"eu\", [|null|])")]
    [InlineData("SG0017", "s.GetByKeys(\"eu\", [|1L|])")]
    public async Task Untyped_key_calls_are_checked_against_the_store_keys(string id, string call)
    {
        var (source, span) = AnalyzerHarness.Marked(Placement + $"public static class Use {{ public static object M(PlacementStore s) => {call}; }}");
        var diagnostic = Assert.Single(await AnalyzerHarness.Diagnose(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
    }

    [Theory]
    [InlineData("s.GetByKeys(\"eu\", 1)")]
    [InlineData("s.GetByKeys()")]
    [InlineData("s.GetByKeys(null)")]
    [InlineData("((IIndexedStore)s).GetByKeys(\"eu\", 1, 2, 3)")]
    [InlineData("s.GetByKeys(\"eu\", Other())")]
    [InlineData("s.GetByKeys(new object[] { \"eu\" })")]
    public async Task Calls_that_fit_or_cannot_be_judged_stay_silent(string call)
    {
        string source = Placement + $"public static class Use {{ static object Other() => 1; public static object M(PlacementStore s) => {call}; }}";
        Assert.Empty(await AnalyzerHarness.Diagnose(source));
    }

    [Fact]
    public async Task Too_many_keys_message_names_store_keys_and_counts()
    {
        var source = Placement + "public static class Use { public static object M(PlacementStore s) => s.GetByKeys(\"eu\", 1, 2); }";
        var diagnostic = Assert.Single(await AnalyzerHarness.Diagnose(source));
        Assert.Equal("'PlacementStore' has 2 key member(s) (Region, Shard) but GetByKeys is given 3 values; it would throw StoreException", diagnostic.GetMessage());
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
    }
}
