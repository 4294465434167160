using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace StoreGen.Analyzers.Tests;

public class LiveKeyAnalyzerTests
{
    private const string Source = """
        using System;
        using StoreGen;
        namespace Demo;
        [Store(Keys = new[] { nameof(Name), nameof(Day), nameof(Level), nameof(Id), nameof(Tag), nameof(Maybe) })]
        public partial record Entry(string Name, DateOnly Day, Level Level, Guid Id, Code {|#0:Tag|}, int? {|#1:Maybe|});
        public enum Level { Low, High }
        [StoreSerializable] public sealed record Code(string Value);
        """;

    private const string Advice = "cannot store as a key column; the store would be refused when the backend starts; use string, an integer, bool, Guid, an enum, decimal, double or a date/time type";

    /// <summary>A stand-in for a backend assembly: only its name matters to the analyzer.</summary>
    private static MetadataReference Backend(string name) =>
        CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText("namespace StoreGen.Backend { public static class Marker { } }") },
            Basic.Reference.Assemblies.Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference();

    private static Task Verify(string source, string? backend, params DiagnosticResult[] expected)
    {
        var test = new StoreGenAnalyzerTest { TestCode = source };
        if (backend is not null)
        {
            test.TestState.AdditionalReferences.Add(Backend(backend));
        }
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("StoreGen.Postgres")]
    [InlineData("StoreGen.Redis")]
    public Task Key_members_without_a_column_type_are_reported_when_a_live_backend_is_referenced(string backend) =>
        Verify(Source, backend,
            new DiagnosticResult("SG0023", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"Key member 'Tag' of 'Entry' has type 'Code', which {backend} {Advice}"),
            new DiagnosticResult("SG0023", DiagnosticSeverity.Warning).WithLocation(1)
                .WithMessage($"Key member 'Maybe' of 'Entry' has type 'int?', which {backend} {Advice}"));

    [Theory]
    [InlineData(null)]
    [InlineData("StoreGen.Other")]
    public Task Nothing_is_reported_without_a_live_backend(string? backend) =>
        Verify(Source.Replace("{|#0:Tag|}", "Tag").Replace("{|#1:Maybe|}", "Maybe"), backend);

    /// <summary>
    /// SG0023 and the generated key schema come from one mapping: for every key member the analyzer warns about exactly
    /// the members whose generated column type is Unsupported (which a live backend refuses at startup).
    /// </summary>
    [Fact]
    public async Task The_warning_and_the_generated_key_schema_agree_on_every_key_type()
    {
        var members = new[]
        {
            "string Text", "string? MaybeText", "int Int", "int? MaybeInt", "short Short", "byte Byte", "sbyte SByte", "ushort UShort",
            "uint UInt", "long Long", "ulong ULong", "float Float", "double Double", "decimal Decimal", "bool Bool", "char Char",
            "Guid Guid", "DateTime DateTime", "DateTimeOffset DateTimeOffset", "DateOnly DateOnly", "TimeOnly TimeOnly",
            "TimeSpan TimeSpan", "Level Level", "Level? MaybeLevel", "Code Code", "Uri Uri", "nint Native", "Int128 Big",
        };
        var names = members.Select(m => m.Split(' ')[1]).ToArray();
        string source = "using System;\nusing StoreGen;\nnamespace Demo;\n"
            + $"[Store(Keys = new[] {{ {string.Join(", ", names.Select(n => $"nameof({n})"))} }})]\n"
            + $"public partial record Entry({string.Join(", ", members)});\n"
            + "public enum Level { Low, High }\n[StoreSerializable] public sealed record Code(string Value);\n";
        var compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(StoreAttribute).Assembly.Location))
                .Append(Backend("StoreGen.Postgres")),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create(new StoreGen.Generators.StoreGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        string generated = string.Concat(output.SyntaxTrees.Skip(1).Select(t => t.ToString()));
        var schema = Regex.Match(generated, @"Schema \{ get; \} =\s*new\(\s*new\[\] \{ (?<names>[^}]*) \},\s*new\[\] \{ (?<types>[^}]*) \}\);");
        Assert.True(schema.Success, "the generated key schema was not found");
        var columns = schema.Groups["names"].Value.Split(',').Select(n => n.Trim().Trim('"'))
            .Zip(schema.Groups["types"].Value.Split(',').Select(t => t.Trim().Split('.').Last()))
            .ToDictionary(pair => pair.First, pair => pair.Second);
        Assert.Equal(names, columns.Keys);
        var unsupported = columns.Where(c => c.Value == "Unsupported").Select(c => c.Key).OrderBy(n => n).ToList();
        Assert.Contains("ULong", unsupported);   // the comparison is not vacuous: both sides have members of each kind
        Assert.Contains("Level", columns.Where(c => c.Value != "Unsupported").Select(c => c.Key));

        var warned = (await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LiveKeyAnalyzer())).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Id == "SG0023").Select(d => Regex.Match(d.GetMessage(), "Key member '([^']*)'").Groups[1].Value).OrderBy(n => n).ToList();
        Assert.Equal(unsupported, warned);
    }
}
