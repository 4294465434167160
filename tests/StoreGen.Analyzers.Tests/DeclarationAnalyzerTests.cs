using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>SG0011, SG0012 and SG0014 on [Store] declarations (the generator reports SG0013): each raised at its exact span, and near misses that must stay silent.</summary>
public class DeclarationAnalyzerTests
{
    internal const string Header = "using System;\nusing System.Collections.Generic;\nusing System.Collections.Immutable;\nusing StoreGen;\nnamespace Demo;\n";

    [Theory]
    [InlineData("public class Token { public readonly string V = \"\"; }\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Token {|SG0011:Key|});")]
    [InlineData("[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(int[] {|SG0011:Key|});")]
    [InlineData("public struct Point { public int X; }\n[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(Point {|SG0011:Key|});")]
    [InlineData("[Store(Keys = new[] { nameof(Key) })]\npublic partial record Widget(object {|SG0011:Key|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string {|SG0012:Id|} { get; set; } = \"\"; }")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\n[Index(nameof(Host))]\npublic partial class Widget { public string Id { get; init; } = \"\"; public string {|SG0012:Host|} = \"\"; }")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record struct Widget(string {|SG0012:Id|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, List<string> {|SG0014:Tags|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, string[] {|SG0014:Tags|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string Id { get; init; } = \"\"; public int {|SG0014:Count|} { get; set; } }")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string Id { get; init; } = \"\"; private int {|SG0014:_hits|} = 1; public int Hits => _hits; }")]
    [InlineData("public class Inner { public int X { get; set; } }\n[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, Inner {|SG0014:Inner|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, Dictionary<string, int> {|SG0014:Counts|});")]
    [InlineData("[Store(Keys = new[] { nameof(Id) })]\npublic partial record Widget(string Id, ImmutableArray<List<int>> {|SG0014:Nested|});")]
    public async Task Raises_at_the_exact_span(string declaration)
    {
        await WithoutPersistenceAdvice(Header + declaration).RunAsync();
    }

    /// <summary>The collision also fails compilation (CS0260, CS0101); SG0013 is there to say why, at the name.</summary>
    [Theory]
    [InlineData("public class WidgetStore { }\n[Store(Keys = new[] { nameof(Id) })]\npublic partial record {|SG0013:Widget|}(string Id);")]
    [InlineData("public struct Cache { }\n[Store(Keys = new[] { nameof(Id) }, {|SG0013:Name = \"Cache\"|})]\npublic partial record Widget(string Id);")]
    public async Task Store_name_collision_is_raised_at_the_name(string declaration)
    {
        var test = WithoutPersistenceAdvice(Header + declaration);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
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
        await WithoutPersistenceAdvice(Header + declaration).RunAsync();
    }

    [Fact]
    public async Task Messages_name_the_type_member_and_fix()
    {
        await StoreGenAnalyzerTest.VerifyAsync(
            Header + "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget { public string {|#0:Id|} { get; set; } = \"\"; public List<int> {|#1:Ports|} { get; init; } = new(); }",
            new DiagnosticResult("SG0012", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "Key member 'Id' of 'Widget' can be changed after the item is stored, which would leave the store's indexes pointing at the wrong slot; make the setter 'init'"),
            new DiagnosticResult("SG0014", DiagnosticSeverity.Warning).WithLocation(1).WithMessage(
                "Member 'Ports' of 'Widget' is a List<T>, a mutable collection; stored items are shared across threads without copying, so declare it IReadOnlyList<T> (or ImmutableArray<T>) and build it once"));
    }

    public static IEnumerable<object[]> GoldenCases() => Generators.Tests.GoldenCases.All.Keys.Select(name => new object[] { name });

    /// <summary>
    /// The analyzers run over the generated sources too; nothing may be reported there, compiler warnings included.
    /// (What the representative declarations themselves get is tested above.)
    /// </summary>
    [Theory]
    [MemberData(nameof(GoldenCases))]
    public async Task Nothing_is_reported_on_generated_code(string golden)
    {
        await new StoreGenAnalyzerTest { TestCode = Generators.Tests.GoldenCases.All[golden], GeneratedCodeOnly = true }.RunAsync();
    }

    /// <summary>Types the snapshot codec cannot persist also get SG0019 (tested with the generator); not what is tested here.</summary>
    private static StoreGenAnalyzerTest WithoutPersistenceAdvice(string source)
    {
        var test = new StoreGenAnalyzerTest { TestCode = source };
        test.DisabledDiagnostics.Add("SG0019");
        return test;
    }
}
