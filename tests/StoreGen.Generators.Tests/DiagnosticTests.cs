using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace StoreGen.Generators.Tests;

/// <summary>Malformed declarations get a diagnostic at the exact span, never an exception or uncompilable output.</summary>
public class DiagnosticTests
{
    [Theory]
    [InlineData("SG0001", "public record [|Widget|](string Id);", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0002", "public partial record Widget(string Id);", "[[|Store|]]")]
    [InlineData("SG0002", "public partial record Widget(string Id);", "[[|Store(Keys = new string[0])|]]")]
    [InlineData("SG0003", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\", [|\"Nope\"|] })]")]
    [InlineData("SG0003", "public partial class Widget { public string Id { get; init; } = \"\"; private string Secret = \"\"; }", "[Store(Keys = new[] { [|\"Secret\"|] })]")]
    [InlineData("SG0003", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\" })][Index([|\"Missing\"|])]")]
    [InlineData("SG0003", "public partial record Widget(string Id);", "[Store(Keys = [\"Id\", [|\"Nope\"|]])]")]
    [InlineData("SG0004", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\", [|\"Id\"|] })]")]
    [InlineData("SG0005", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\" })][[|Index|]]")]
    [InlineData("SG0007", "public partial record [|Widget|]<T>(string Id);", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0008", "public partial record Widget(string Id, string A);", "[Store(Keys = new[] { \"Id\" })][Index(\"A\")][[|Index(\"Id\", Name = \"A\")|]]")]
    [InlineData("SG0009", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\" }, [|Name = \"Not A Name\"|])]")]
    [InlineData("SG0010", "public ref partial struct [|Widget|] { public string Id; }", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0013", "public partial record [|Widget|](string Id);\npublic class WidgetStore { }", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0013", "public partial record Widget(string Id);\npublic struct Cache { }", "[Store(Keys = new[] { \"Id\" }, [|Name = \"Cache\"|])]")]
    [InlineData("SG0013", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\" }, [|Name = \"Widget\"|])]")]
    [InlineData("SG0013", "public partial record [|Widget|](string Id);\npublic class WidgetJsonCodec { }", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0020", "public partial record Widget(string Id, string Key);", "[Store(Keys = new[] { \"Id\", \"Key\" })][[|Index(\"Key\")|]]")]
    [InlineData("SG0020", "public partial record Widget(string Id);", "[Store(Keys = new[] { \"Id\" }, [|Name = \"Shape\"|])]")]
    [InlineData("SG0020", "public partial class Widget { public string Deconstruct { get; init; } = \"\"; }", "[Store(Keys = new[] { [|\"Deconstruct\"|] })]")]
    [InlineData("SG0021", "public partial class Widget { public dynamic Id { get; init; } = 0; public string Name { get; init; } = \"\"; }", "[Store(Keys = new[] { \"Name\" })][Index([|\"Id\"|])]")]
    [InlineData("SG0018", "public partial record Widget(string Id, [StoreGen.ExpiresAt] System.DateTime [|Until|]);", "[Store(Keys = new[] { \"Id\" })]")]
    [InlineData("SG0018", "public partial class Widget { public string Id { get; init; } = \"\"; [ExpiresAt] public System.DateTimeOffset [|A|] { get; init; } [ExpiresAt] public System.DateTimeOffset B { get; init; } }", "[Store(Keys = new[] { \"Id\" })]")]
    public void Malformed_declaration_reports_at_the_exact_span(string id, string declaration, string attributes)
    {
        string source = "using StoreGen;\nnamespace Demo;\n" + attributes + "\n" + declaration;
        var (expectedSpan, clean) = Span(source);
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(clean));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Empty(result.GeneratedTrees);
        // Nothing generated, so nothing generated can fail to compile: the only problems are the user's own.
        Assert.DoesNotContain(GeneratorHarness.Problems(output), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
    }

    [Fact]
    public void Containing_type_must_be_partial()
    {
        string source = "using StoreGen;\nnamespace Demo;\npublic class Outer\n{\n    [Store(Keys = new[] { \"Id\" })]\n    public partial record Inner(string Id);\n}";
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("SG0006", diagnostic.Id);
        Assert.Contains("'Outer'", diagnostic.GetMessage());
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Messages_name_the_type_and_member()
    {
        string source = "using StoreGen;\nnamespace Demo;\n[Store(Keys = new[] { \"Nope\" })]\npublic partial record Widget(string Id);";
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Equal("The key of 'Widget' names 'Nope', which is not a readable instance property or field of 'Widget'", Assert.Single(result.Diagnostics).GetMessage());
    }

    [Fact]
    public void A_hand_written_type_named_like_the_store_gets_one_clear_error_and_nothing_is_generated()
    {
        string source = "using StoreGen;\nnamespace Demo;\npublic class OrderStore { }\n[Store(Keys = new[] { \"Id\" })]\npublic partial record Order(string Id);";
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Equal(
            "The store for 'Order' would be named 'OrderStore', but 'Demo' already declares a type 'OrderStore' that is not a partial class; rename one of them or set [Store(Name = ...)]",
            Assert.Single(result.Diagnostics).GetMessage());
        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(GeneratorHarness.Problems(output));   // no CS0260 beside it
    }

    [Fact]
    public void Several_problems_are_all_reported_and_half_written_code_does_not_crash_the_generator()
    {
        string source = "using StoreGen;\nnamespace Demo;\n[Store(Keys = new[] { \"Nope\", null, \"Id\", \"Id\" })]\n[Index()]\npublic record Widget(string Id";
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Equal(new[] { "SG0001", "SG0003", "SG0003", "SG0004", "SG0005" }, result.Diagnostics.Select(d => d.Id).OrderBy(x => x));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public async Task A_member_the_codec_cannot_persist_is_a_warning_and_the_store_is_still_generated()
    {
        string source = "using StoreGen;\nnamespace Demo;\npublic sealed class Blob { }\n[Store(Keys = new[] { \"Id\" })]\npublic partial record [|Widget|](string Id, Blob Data);";
        var (expectedSpan, clean) = Span(source);
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(clean));
        Assert.Empty(result.Diagnostics);   // SG0019 is the analyzer's, on the source, so #pragma can suppress it
        var diagnostic = Assert.Single(await SG0019(output));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);   // the harness makes warnings errors
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Contains("'Data' is a global::Demo.Blob", diagnostic.GetMessage());
        Assert.Single(result.GeneratedTrees);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [InlineData("public partial record [|Widget|](string Id, string Name, string name);",
        "'Name' and 'name' are both written as 'name' (JSON names are camel-cased), so a restore would lose one of them; rename one")]
    [InlineData("public partial record [|Widget|](string Id, [StoreFormerName(\"Payload\")] string Body, string Payload);",
        "'Body' reads the former name 'payload', which is the JSON name of 'Payload', so a restore would give Body the value of Payload; remove the former name or rename the member")]
    [InlineData("public partial record [|Widget|](string Id, [StoreFormerName(\"text\")] string Body, [StoreFormerName(\"text\")] string Summary);",
        "'Body' and 'Summary' both read the former name 'text', so a restore would give it to only one of them; keep it on one member")]
    [InlineData("public partial class [|Widget|] { public Widget(string id) { Id = id; } public string Id { get; } public readonly int Size = 3; }",
        "'Size' is a readonly field that no constructor parameter sets, so a restore would lose its value; make it a constructor parameter or init-settable, or compute it (an expression-bodied property is not persisted)")]
    [InlineData("public partial record [|Widget|](string Id) { public System.DateTimeOffset Created { get; } = System.DateTimeOffset.UtcNow; }",
        "'Created' is a get-only property that no constructor parameter sets, so a restore would lose its value; make it a constructor parameter or init-settable, or compute it (an expression-bodied property is not persisted)")]
    [InlineData("public partial class [|Widget|] { public string Id { get; init; } = \"\"; public int Hits { get; private set; } }",
        "'Hits' is a property with a private setter that no constructor parameter sets, so a restore would lose its value; make it a constructor parameter or init-settable, or compute it (an expression-bodied property is not persisted)")]
    public async Task Members_a_restore_would_lose_are_SG0019_naming_them_and_persisting_is_refused(string declaration, string reason)
    {
        string source = "using StoreGen;\nnamespace Demo;\n[Store(Keys = new[] { \"Id\" })]\n" + declaration;
        var (expectedSpan, clean) = Span(source);
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(clean));
        Assert.Empty(result.Diagnostics);   // SG0019 is the analyzer's, on the source, so #pragma can suppress it
        var diagnostic = Assert.Single(await SG0019(output));
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Equal($"'Widget' works in memory but cannot be persisted: {reason}", diagnostic.GetMessage());
        // The store is generated; its codec refuses to write or read, with the same reason.
        string generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Matches("private const string Unsupported =\\s+\"" + System.Text.RegularExpressions.Regex.Escape(reason.Replace("\"", "\\\"")), generated);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public async Task SG0019_tells_what_to_do_for_a_type_the_user_cannot_mark_and_BCL_json_and_sorted_maps_persist()
    {
        string source = "using StoreGen;\nnamespace Demo;\n[Store(Keys = new[] { \"Id\" })]\npublic partial record Widget(string Id, System.Uri Link,"
            + " System.Text.Json.JsonElement Body, System.Text.Json.Nodes.JsonNode? Node, System.Collections.Immutable.ImmutableSortedDictionary<string, int> Map);";
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Empty(result.Diagnostics);   // SG0019 is the analyzer's, on the source, so #pragma can suppress it
        var diagnostic = Assert.Single(await SG0019(output));
        string message = diagnostic.GetMessage();
        Assert.Contains("'Link' is a global::System.Uri, a type from another assembly", message);
        Assert.Contains("cannot be marked [StoreSerializable]; store a supported type instead", message);
        Assert.DoesNotContain("Body", message);
        Assert.DoesNotContain("Map", message);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    private static async Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> SG0019(Compilation output) =>
        (await GeneratorHarness.Analyze(output, new StoreGen.Analyzers.NotPersistableAnalyzer())).Where(d => d.Id == "SG0019").ToImmutableArray();

    [Fact]
    public void Two_stores_in_one_compilation_each_generate()
    {
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compilation(GoldenCases.All["SingleKey"], GoldenCases.All["Nested"]));
        Assert.Equal(2, result.GeneratedTrees.Length);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    /// <summary>Finds the span marked [|…|] and returns it with the markers removed.</summary>
    private static (Microsoft.CodeAnalysis.Text.TextSpan Span, string Source) Span(string marked)
    {
        int start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        int end = marked.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        return (new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start), marked.Replace("[|", "").Replace("|]", ""));
    }
}
