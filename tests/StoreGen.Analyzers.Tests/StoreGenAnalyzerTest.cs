using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// An analyzer test over a <see cref="ConsumerProject"/>: the source is markup (<c>{|SG0012:Id|}</c> marks where a
/// diagnostic is expected), and every diagnostic not marked or listed fails the test, compiler warnings included.
/// </summary>
internal sealed class StoreGenAnalyzerTest : CSharpAnalyzerTest<StoreDeclarationAnalyzer, DefaultVerifier>
{
    public StoreGenAnalyzerTest() => ConsumerProject.Configure(this);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new StoreGenAnalyzerTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Verify only diagnostics outside the test's own sources, that is, on generated code.</summary>
    public bool GeneratedCodeOnly { get; init; }

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics) =>
        base.FilterDiagnostics(diagnostics).RemoveAll(d => GeneratedCodeOnly && d.diagnostic.Location.GetLineSpan().Path.StartsWith(DefaultFilePathPrefix, StringComparison.Ordinal));

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => ConsumerProject.Analyzers();

    protected override IEnumerable<Type> GetSourceGenerators() => ConsumerProject.Generators();

    protected override CompilationOptions CreateCompilationOptions() => ConsumerProject.CompilationOptions(base.CreateCompilationOptions());

    protected override ParseOptions CreateParseOptions() => ConsumerProject.ParseOptions(base.CreateParseOptions());

    protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(
        Project project, IVerifier verifier, CancellationToken cancellationToken)
    {
        var (compilation, diagnostics) = await base.GetProjectCompilationAsync(project, verifier, cancellationToken);
        return (compilation, ConsumerProject.OnDocuments(compilation, diagnostics));
    }
}
