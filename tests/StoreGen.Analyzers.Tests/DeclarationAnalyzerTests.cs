using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>SG0011, SG0012 and SG0014 on [Store] declarations (the generator reports SG0013): each raised at its exact span, and near misses that must stay silent.</summary>
public class DeclarationAnalyzerTests
{
    internal const string Header = "using System;\nusing System.Collections.Generic;\nusing System.Collections.Immutable;\nusing StoreGen;\nnamespace Demo;\n";

    [Theory]
    [InlineData("SG0011", "public class Token { public readonly string V = \"\"; }\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Token [|Key|]);")]
    [InlineData("SG0011", "[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(int[] [|Key|]);")]
    [InlineData("SG0011", "public struct Point { public int X; }\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Point [|Key|]);")]
    [InlineData("SG0011", "[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(object [|Key|]);")]
    [InlineData("SG0012", "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string [|Id|] { get; set; } = \"\"; }")]
    [InlineData("SG0012", "[Store(Keys = new[] { nameof(Id) })]\n[Index(nameof(Host))]\npublic partial class Widget { public string Id { get; init; } = \"\"; public string [|Host|] = \"\"; }")]
    [InlineData("SG0012", "[Store(Keys = new[] { nameof(Id) })]\npublic partial record struct Widget(string [|Id|]);")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, List<string> [|Tags|]);")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, string[] [|Tags|]);")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string Id { get; init; } = \"\"; public int [|Count|] { get; set; } }")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string Id { get; init; } = \"\"; private int [|_hits|]; public int Hits => _hits; }")]
    [InlineData("SG0014", "public class Inner { public int X { get; set; } }\n[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, Inner [|Inner|]);")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, Dictionary<string, int> [|Counts|]);")]
    [InlineData("SG0014", "[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, ImmutableArray<List<int>> [|Nested|]);")]
    public async Task Raises_at_the_exact_span(string id, string declaration)
    {
        var (source, span) = AnalyzerHarness.Marked(Header + declaration);
        // Types the snapshot codec cannot persist also get SG0019 (tested with the generator); not what is tested here.
        var diagnostic = Assert.Single((await AnalyzerHarness.Diagnose(source)).Where(d => d.Id != "SG0019"));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
    }

    [Theory]
    [InlineData("public enum Kind { A }\n[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, ImmutableArray<string> Tags, IReadOnlyList<int> Ports, DateTime At, DateTimeOffset Seen, Guid Uid, TimeSpan Ttl, Kind Kind, decimal Price, int? Maybe, ImmutableDictionary<string, int> Counts);")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic readonly partial record struct Widget(Guid Id, string Name);")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\n[Index(nameof(Host))]\npublic partial class Widget { public string Id { get; init; } = \"\"; public readonly string Host = \"\"; public int Port { get; } }")]
    [InlineData("public sealed class Token : IEquatable<Token> { public string V { get; init; } = \"\"; public bool Equals(Token? o) => o?.V == V; public override bool Equals(object? o) => Equals(o as Token); public override int GetHashCode() => V.GetHashCode(); }\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Token Key);")]
    [InlineData("public record Address(string Street, ImmutableArray<string> Lines);\n[Store(Keys = new[] { nameof(Home) })]\npublic partial record Widget(Address Home, Address? Work);")]
    [InlineData("public readonly record struct Point(int X, int Y);\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Point Key);")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id);\npublic partial class WidgetStore { public int Twice => Count * 2; }")]
    [InlineData("public class Unrelated { public List<int> Items { get; set; } = new(); }\n[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id);")]
    public async Task Near_misses_stay_silent(string declaration)
    {
        Assert.Empty((await AnalyzerHarness.Diagnose(Header + declaration)).Where(d => d.Id != "SG0019"));
    }

    [Fact]
    public async Task Messages_name_the_type_member_and_fix()
    {
        var diagnostics = await AnalyzerHarness.Diagnose(Header +
            "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string Id { get; set; } = \"\"; public List<int> Ports { get; init; } = new(); }");
        Assert.Equal(new[]
        {
            "Key member 'Id' of 'Widget' can be changed after the item is stored, which would leave the store's indexes pointing at the wrong slot; make the setter 'init'",
            "Member 'Ports' of 'Widget' is a List<T>, a mutable collection; stored items are shared across threads without copying, so declare it IReadOnlyList<T> (or ImmutableArray<T>) and build it once",
        }, diagnostics.Select(d => d.GetMessage()).OrderBy(m => m));
        Assert.All(diagnostics, d => Assert.Equal($"docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri));
    }

    [Fact]
    public async Task Nothing_is_reported_on_generated_code()
    {
        var sources = Generators.Tests.GoldenCases.All.Values.ToArray();
        var diagnostics = await AnalyzerHarness.Diagnose(sources.Take(1).ToArray());
        foreach (var source in sources)
        {
            diagnostics = diagnostics.AddRange(await AnalyzerHarness.Diagnose(source));
        }
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }
}
