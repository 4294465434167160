using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen.Generators;

namespace StoreGen.Generators.Tests;

/// <summary>
/// Runs the generator the way the compiler does, on compilations configured like a strict consumer project:
/// nullable enabled, documentation comments checked, every warning an error.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        return platform.Append(MetadataReference.CreateFromFile(typeof(StoreAttribute).Assembly.Location)).ToImmutableArray();
    }

    public static CSharpCompilation Compilation(params string[] sources) =>
        Compilation(ParseOptions, NullableContextOptions.Enable, sources);

    /// <summary>A compilation of <paramref name="sources"/> (named Input0.cs, Input1.cs…) in the given language version and nullable context.</summary>
    public static CSharpCompilation Compilation(CSharpParseOptions parseOptions, NullableContextOptions nullable, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, n) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Input{n}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: nullable,
                allowUnsafe: true,
                generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver Driver(CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new StoreGenerator().AsSourceGenerator() },
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, GeneratorDriver Driver) Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? Driver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        Xunit.Assert.All(result.Results, r => Xunit.Assert.Null(r.Exception));
        return (result, output, driver);
    }

    /// <summary>What <paramref name="analyzers"/> report on <paramref name="output"/>, the compilation with the generated sources.</summary>
    public static System.Threading.Tasks.Task<ImmutableArray<Diagnostic>> Analyze(Compilation output, params DiagnosticAnalyzer[] analyzers) =>
        output.WithAnalyzers(ImmutableArray.Create(analyzers)).GetAnalyzerDiagnosticsAsync();

    /// <summary>
    /// Every warning or error in the compilation (warnings are errors here, as under TreatWarningsAsErrors), except
    /// missing XML comments on the test's own undocumented input declarations. Generated code must have all of them.
    /// </summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) => Problems(compilation.GetDiagnostics());

    /// <summary>The problems among <paramref name="diagnostics"/>, as <see cref="Problems(Compilation)"/>.</summary>
    public static ImmutableArray<Diagnostic> Problems(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !(d.Id == "CS1591" && d.Location.SourceTree?.FilePath.StartsWith("Input", StringComparison.Ordinal) == true))
            .ToImmutableArray();
}
