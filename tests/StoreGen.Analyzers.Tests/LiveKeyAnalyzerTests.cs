using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
}
