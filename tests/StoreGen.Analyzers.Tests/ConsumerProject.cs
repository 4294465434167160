using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StoreGen.Generators;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// What every analyzer and code-fix test shares: a project configured like a strict consumer of the StoreGen package
/// (nullable enabled, documentation comments checked, every compiler warning reported), the generator running before
/// the analyzers as it does in a build, and every StoreGen analyzer active at once.
/// </summary>
internal static class ConsumerProject
{
    /// <summary>The StoreGen analyzers, all of them in every test, as a consumer's build runs them.</summary>
    public static IEnumerable<DiagnosticAnalyzer> Analyzers() =>
        new DiagnosticAnalyzer[] { new StoreDeclarationAnalyzer(), new UnsynchronizedStoreAnalyzer(), new UntypedKeysAnalyzer(), new LiveKeyAnalyzer(), new NotPersistableAnalyzer() };

    public static IEnumerable<Type> Generators() => new[] { typeof(StoreGenerator) };

    public static CompilationOptions CompilationOptions(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);

    public static ParseOptions ParseOptions(ParseOptions options) =>
        ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>
    /// References come from the .NET 10 reference assemblies restored with the test project (nothing is downloaded
    /// while tests run) and the StoreGen runtime, whose attributes and contracts the analyzers look for.
    /// </summary>
    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalReferences.Add(typeof(StoreAttribute).Assembly);
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
        // Test inputs are undocumented; the generated code's documentation is checked by the generator tests.
        test.DisabledDiagnostics.Add("CS1591");
        // The generated source is reviewed in the generator's golden tests; here it only has to compile cleanly.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>
    /// Generator diagnostics carry a file path and span instead of a syntax tree (so the incremental pipeline holds no
    /// trees); the IDE maps them onto the document before it offers code fixes. This does the same, so generator
    /// diagnostics are matched against markup and fixed like analyzer diagnostics.
    /// </summary>
    public static ImmutableArray<Diagnostic> OnDocuments(Compilation compilation, ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(diagnostic => OnDocument(compilation, diagnostic)).ToImmutableArray();

    private static Diagnostic OnDocument(Compilation compilation, Diagnostic diagnostic)
    {
        if (diagnostic.Location.Kind != LocationKind.ExternalFile)
        {
            return diagnostic;
        }
        string path = diagnostic.Location.GetLineSpan().Path;
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
        if (tree is null)
        {
            return diagnostic;
        }
        // The message is formatted already; the copy's descriptor carries it as a format without arguments.
        var d = diagnostic.Descriptor;
        var descriptor = new DiagnosticDescriptor(d.Id, d.Title, diagnostic.GetMessage(CultureInfo.InvariantCulture), d.Category,
            d.DefaultSeverity, d.IsEnabledByDefault, d.Description, d.HelpLinkUri, d.CustomTags.ToArray());
        return Diagnostic.Create(descriptor, Location.Create(tree, diagnostic.Location.SourceSpan), diagnostic.Severity,
            additionalLocations: null, diagnostic.Properties);
    }
}
