using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using StoreGen.CodeFixes;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// Each code fix applied as the IDE would, one diagnostic at a time and through Fix All in every scope; the result
/// must equal the expected source and compile cleanly with no StoreGen diagnostic left.
/// </summary>
public class CodeFixTests
{
    private const string Header = DeclarationAnalyzerTests.Header;

    [Fact]
    public async Task Make_partial_also_fixes_containing_types()
    {
        await new StoreGenCodeFixTest<MakePartialCodeFix>
        {
            TestCode = Header + "public static class Outer\n{\n    [Store(Keys = new[] { \"Id\" })]\n    public record {|SG0001:{|SG0006:Inner|}|}(string Id);\n}\n",
            FixedCode = Header + "public static partial class Outer\n{\n    [Store(Keys = new[] { \"Id\" })]\n    public partial record Inner(string Id);\n}\n",
        }.RunAsync();
    }

    [Fact]
    public async Task Make_partial_without_modifiers_keeps_indentation()
    {
        await new StoreGenCodeFixTest<MakePartialCodeFix>
        {
            TestCode = Header + "[Store(Keys = new[] { \"Id\" })]\nrecord {|SG0001:Widget|}(string Id);\n",
            FixedCode = Header + "[Store(Keys = new[] { \"Id\" })]\npartial record Widget(string Id);\n",
        }.RunAsync();
    }

    [Theory]
    [InlineData("public partial class Widget { public string {|SG0012:Id|} { get; set; } = \"\"; }", "public partial class Widget { public string Id { get; init; } = \"\"; }")]
    [InlineData("public partial class Widget { public string Id { get; init; } = \"\"; public string {|SG0012:Host|} = \"\"; }", "public partial class Widget { public string Id { get; init; } = \"\"; public string Host { get; init; } = \"\"; }")]
    [InlineData("public partial class Widget { public string Id { get; init; } = \"\"; /* hits */ internal int {|SG0014:Hits|}; // count\n}", "public partial class Widget { public string Id { get; init; } = \"\"; /* hits */ internal int Hits { get; init; } // count\n}")]
    [InlineData("public partial class Widget { public string Id { get; init; } = \"\"; [System.ComponentModel.Description(\"name\")] public string {|SG0012:Host|} = \"\"; }", "public partial class Widget { public string Id { get; init; } = \"\"; [field: System.ComponentModel.Description(\"name\")] public string Host { get; init; } = \"\"; }")]
    [InlineData("public partial record struct Widget(string {|SG0012:Id|});", "public readonly partial record struct Widget(string Id);")]
    [InlineData("public partial record Widget(string Id, List<string> {|SG0014:Tags|});", "public partial record Widget(string Id, IReadOnlyList<string> Tags);")]
    [InlineData("public partial record Widget(string Id, int[] {|SG0014:Ports|});", "public partial record Widget(string Id, IReadOnlyList<int> Ports);")]
    [InlineData("public partial class Widget { public string Id { get; init; } = \"\"; public int {|SG0014:Hits|} { get; set; } }", "public partial class Widget { public string Id { get; init; } = \"\"; public int Hits { get; init; } }")]
    public async Task Immutability_fix_is_applied_and_compiles(string declaration, string expected)
    {
        string attributes = "[Store(Keys = new[] { nameof(Id) })]\n" + (declaration.Contains("Host") ? "[Index(nameof(Host))]\n" : "");
        await new StoreGenCodeFixTest<MakeImmutableCodeFix>
        {
            TestCode = Header + attributes + declaration + "\n",
            FixedCode = Header + attributes + expected + "\n",
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_all_makes_every_setter_init()
    {
        const string Widget = "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget\n{\n    public string Id { get; init; } = \"\";\n    public int A { get; SET; }\n    public int B { get; SET; }\n    public string C { get; SET; } = \"\";\n}\n";
        await new StoreGenCodeFixTest<MakeImmutableCodeFix>
        {
            TestCode = Header + Widget.Replace("int A { get; SET; }", "int {|SG0014:A|} { get; set; }")
                .Replace("int B { get; SET; }", "int {|SG0014:B|} { get; set; }")
                .Replace("string C { get; SET; }", "string {|SG0014:C|} { get; set; }"),
            FixedCode = Header + Widget.Replace("SET;", "init;"),
            // One fix per member one at a time; Fix All in any scope fixes all three at once.
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_all_turns_every_mutable_field_into_an_init_property()
    {
        const string Widget = "[Store(Keys = new[] { nameof(Id) })]\n[Index(nameof(Host))]\npublic partial class Widget\n{\n    public string Id { get; init; } = \"\";\n    public string HOST = \"\";\n    [NonSerialized] public int HITS;\n}\n";
        await new StoreGenCodeFixTest<MakeImmutableCodeFix>
        {
            TestCode = Header + Widget.Replace("HOST", "{|SG0012:Host|}").Replace("HITS", "{|SG0014:Hits|}"),
            FixedCode = Header + Widget.Replace("HOST = \"\";", "Host { get; init; } = \"\";")
                .Replace("[NonSerialized] public int HITS;", "[field: NonSerialized] public int Hits { get; init; }"),
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task Field_declaring_several_variables_becomes_one_property_each()
    {
        // The fix for either variable converts the whole declaration; Fix All makes that one edit.
        const string Widget = "[Store(Keys = new[] { nameof(Id) })]\npublic partial class Widget\n{\n    public string Id { get; init; } = \"\";\n    FIELDS\n}\n";
        await new StoreGenCodeFixTest<MakeImmutableCodeFix>
        {
            TestCode = Header + Widget.Replace("FIELDS", "[NonSerialized] public int {|SG0014:A|} = 1, {|SG0014:B|}; // counters"),
            FixedCode = Header + Widget.Replace("FIELDS", "[field: NonSerialized] public int A { get; init; } = 1;\n    [field: NonSerialized] public int B { get; init; } // counters"),
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
    }

    [Fact]
    public async Task Fix_all_makes_every_store_type_partial_across_documents()
    {
        var test = new StoreGenCodeFixTest<MakePartialCodeFix>
        {
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllInDocumentIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        test.TestState.Sources.Add(Header + "[Store(Keys = new[] { \"Id\" })]\npublic record {|SG0001:A|}(string Id);\n[Store(Keys = new[] { \"Id\" })]\npublic record {|SG0001:B|}(string Id);\n");
        test.TestState.Sources.Add(Header + "[Store(Keys = new[] { \"Id\" })]\npublic record {|SG0001:C|}(string Id);\n");
        test.FixedState.Sources.Add(Header + "[Store(Keys = new[] { \"Id\" })]\npublic partial record A(string Id);\n[Store(Keys = new[] { \"Id\" })]\npublic partial record B(string Id);\n");
        test.FixedState.Sources.Add(Header + "[Store(Keys = new[] { \"Id\" })]\npublic partial record C(string Id);\n");
        await test.RunAsync();
    }
}
