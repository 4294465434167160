using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// A code-fix test over a <see cref="ConsumerProject"/>: the fix is applied one diagnostic at a time and through
/// Fix All in document, project and solution scope, and each result must equal <c>FixedCode</c> and compile with
/// no diagnostic left, compiler warnings and StoreGen diagnostics included.
/// </summary>
internal sealed class StoreGenCodeFixTest<TCodeFix> : CSharpCodeFixTest<StoreDeclarationAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public StoreGenCodeFixTest() => ConsumerProject.Configure(this);

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
