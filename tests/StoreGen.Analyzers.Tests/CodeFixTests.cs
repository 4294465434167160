using System.Linq;
using System.Threading.Tasks;
using StoreGen.CodeFixes;
using StoreGen.Generators.Tests;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>Each code fix applied as the IDE would; the result must compile cleanly and raise no StoreGen diagnostic.</summary>
public class CodeFixTests
{
    private const string Header = DeclarationAnalyzerTests.Header;

    [Fact]
    public async Task Make_partial_also_fixes_containing_types()
    {
        string source = Header + "public static class Outer\n{\n    [Store(Keys = new[] { \"Id\" })]\n    public record Inner(string Id);\n}\n";
        string fixedSource = await AnalyzerHarness.Fix(new MakePartialCodeFix(), source, "SG0001");
        Assert.Contains("public static partial class Outer", fixedSource);
        Assert.Contains("    public partial record Inner(string Id);", fixedSource);
        await AssertClean(fixedSource);
    }

    [Fact]
    public async Task Make_partial_without_modifiers_keeps_indentation()
    {
        string source = Header + "[Store(Keys = new[] { \"Id\" })]\nrecord Widget(string Id);\n";
        string fixedSource = await AnalyzerHarness.Fix(new MakePartialCodeFix(), source, "SG0001");
        Assert.Contains("\npartial record Widget(string Id);", fixedSource);
        await AssertClean(fixedSource);
    }

    [Theory]
    [InlineData("SG0012", "public partial class Widget { public string Id { get; set; } = \"\"; }", "public string Id { get; init; } = \"\";")]
    [InlineData("SG0012", "public partial class Widget { public string Id { get; init; } = \"\"; public string Host = \"\"; }", "public readonly string Host = \"\";")]
    [InlineData("SG0012", "public partial record struct Widget(string Id);", "public readonly partial record struct Widget(string Id);")]
    [InlineData("SG0014", "public partial record Widget(string Id, List<string> Tags);", "public partial record Widget(string Id, IReadOnlyList<string> Tags);")]
    [InlineData("SG0014", "public partial record Widget(string Id, int[] Ports);", "public partial record Widget(string Id, IReadOnlyList<int> Ports);")]
    [InlineData("SG0014", "public partial class Widget { public string Id { get; init; } = \"\"; public int Hits { get; set; } }", "public int Hits { get; init; }")]
    public async Task Immutability_fix_is_applied_and_compiles(string id, string declaration, string expected)
    {
        string index = declaration.Contains("Host") ? "[Index(nameof(Host))]\n" : "";
        string source = Header + "[Store(Keys = new[] { nameof(Id) })]\n" + index + declaration + "\n";
        string fixedSource = await AnalyzerHarness.Fix(new MakeImmutableCodeFix(), source, id);
        Assert.Contains(expected, fixedSource);
        await AssertClean(fixedSource);
    }

    [Fact]
    public async Task Fix_all_makes_every_setter_init()
    {
        string source = Header + "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget\n{\n    public string Id { get; init; } = \"\";\n    public int A { get; set; }\n    public int B { get; set; }\n    public string C { get; set; } = \"\";\n}\n";
        string fixedSource = await AnalyzerHarness.FixAll(new MakeImmutableCodeFix(), source, "SG0014", "Init");
        Assert.Equal(4, fixedSource.Split("init;").Length - 1);
        Assert.DoesNotContain("set;", fixedSource);
        await AssertClean(fixedSource);
    }

    [Fact]
    public async Task Fix_all_makes_every_store_type_partial()
    {
        string source = Header + "[Store(Keys = new[] { \"Id\" })]\npublic record A(string Id);\n[Store(Keys = new[] { \"Id\" })]\npublic record B(string Id);\n";
        string fixedSource = await AnalyzerHarness.FixAll(new MakePartialCodeFix(), source, "SG0001", nameof(MakePartialCodeFix));
        Assert.Contains("public partial record A", fixedSource);
        Assert.Contains("public partial record B", fixedSource);
        await AssertClean(fixedSource);
    }

    private static async Task AssertClean(string source)
    {
        Assert.Empty(await AnalyzerHarness.Diagnose(source));
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Empty(GeneratorHarness.Problems(output));
    }
}
