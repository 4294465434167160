using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StoreGen.Generators.Tests;
using Xunit;

namespace StoreGen.Analyzers.Tests;

public class LiveKeyAnalyzerTests
{
    private const string Source = """
        using System;
        using StoreGen;
        namespace Demo;
        [Store(Keys = new[] { nameof(Name), nameof(Day), nameof(Level), nameof(Id), nameof(Uri), nameof(Maybe) })]
        public partial record Entry(string Name, DateOnly Day, Level Level, Guid Id, Uri Uri, int? Maybe);
        public enum Level { Low, High }
        """;

    /// <summary>A stand-in for the StoreGen.Postgres assembly: only its name matters to the analyzer.</summary>
    private static MetadataReference LiveBackend(string name) =>
        CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText("namespace StoreGen.Postgres { public static class Marker { } }") },
            GeneratorHarness.Compilation().References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference();

    private static async Task<ImmutableArray<Diagnostic>> Sg0020(Compilation compilation) =>
        (await AnalyzerHarness.Diagnose(compilation)).Where(d => d.Id == "SG0020").ToImmutableArray();

    [Fact]
    public async Task Key_members_without_a_column_type_are_reported_when_a_live_backend_is_referenced()
    {
        var compilation = GeneratorHarness.Compilation(Source);
        var referenced = compilation.AddReferences(LiveBackend("StoreGen.Postgres"));
        var diagnostics = await Sg0020(referenced);
        Assert.Equal(new[]
        {
            "Key member 'Maybe' of 'Entry' has type 'int?', which StoreGen.Postgres cannot store as a key column; the store would be refused when the backend starts; use string, an integer, bool, Guid, an enum, decimal, double or a date/time type",
            "Key member 'Uri' of 'Entry' has type 'Uri', which StoreGen.Postgres cannot store as a key column; the store would be refused when the backend starts; use string, an integer, bool, Guid, an enum, decimal, double or a date/time type",
        }, diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity));
    }

    [Fact]
    public async Task Nothing_is_reported_without_a_live_backend()
    {
        Assert.Empty(await Sg0020(GeneratorHarness.Compilation(Source)));
        Assert.Empty(await Sg0020(GeneratorHarness.Compilation(Source).AddReferences(LiveBackend("StoreGen.Other"))));
    }
}
