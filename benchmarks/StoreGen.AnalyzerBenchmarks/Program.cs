using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen;
using StoreGen.Analyzers;
using StoreGen.Generators;

// How long StoreGen's generator and analyzers take on a compilation of many entity types (default 500), the way a
// build runs them: generator first, then the analyzers over the output. Median of several fresh compilations.
// dotnet run -c Release --project benchmarks/StoreGen.AnalyzerBenchmarks -- [entities] [runs]
int entities = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 500;
int runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;

var parse = new CSharpParseOptions(LanguageVersion.Latest);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
    .Select(p => MetadataReference.CreateFromFile(p))
    .Append(MetadataReference.CreateFromFile(typeof(StoreAttribute).Assembly.Location))
    .ToArray();
var sources = Enumerable.Range(0, entities).Select(n => CSharpSyntaxTree.ParseText($$"""
    using System;
    using System.Collections.Immutable;
    using StoreGen;
    namespace Bench.Area{{n % 20}};

    [Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
    [Index(nameof(Host))]
    [Index(nameof(Uid), Unique = true)]
    public partial record Entity{{n}}(string Namespace, string Name, string Host, int Port, Guid Uid, ImmutableArray<string> Tags, DateTimeOffset Seen);

    public static class Use{{n}}
    {
        public static int Count(Entity{{n}}Store store) => store.GetByKeys("default").Count + store.Find("default").Count;
    }
    """, parse, path: $"Entity{n}.cs")).ToList();
var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new StoreDeclarationAnalyzer(), new UnsynchronizedStoreAnalyzer(), new UntypedKeysAnalyzer());

var generatorTimes = new double[runs];
var compileOnly = new double[runs];
var analyzerWall = new double[runs];
var analyzerCallbacks = new double[runs];
var perAnalyzer = analyzers.ToDictionary(a => a.GetType().Name, _ => new double[runs]);
for (int run = 0; run < runs; run++)
{
    var compilation = CSharpCompilation.Create("Bench", sources, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    var clock = Stopwatch.StartNew();
    CSharpGeneratorDriver.Create(new[] { new StoreGenerator().AsSourceGenerator() }, parseOptions: parse)
        .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
    generatorTimes[run] = clock.Elapsed.TotalMilliseconds;
    if (!generatorDiagnostics.IsEmpty || output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
    {
        throw new InvalidOperationException("the benchmark compilation does not compile cleanly");
    }
    // The same work without analyzers, on an identical fresh compilation: what binding the code costs anyway.
    var baseline = output.Clone();
    clock.Restart();
    baseline.GetDiagnostics();
    compileOnly[run] = clock.Elapsed.TotalMilliseconds;
    var withAnalyzers = output.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
    clock.Restart();
    var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    analyzerWall[run] = clock.Elapsed.TotalMilliseconds;
    if (!found.IsEmpty)
    {
        throw new InvalidOperationException("clean entities raised: " + found[0]);
    }
    foreach (var analyzer in analyzers)
    {
        double ms = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
        perAnalyzer[analyzer.GetType().Name][run] = ms;
        analyzerCallbacks[run] += ms;
    }
}

static double Median(double[] values) => values.OrderBy(v => v).ElementAt(values.Length / 2);
Console.WriteLine($"{entities} entity types, median of {runs} fresh compilations (ms)");
Console.WriteLine("| what | median ms |");
Console.WriteLine("| --- | ---: |");
Console.WriteLine($"| generator (all {entities} stores) | {Median(generatorTimes):0} |");
Console.WriteLine($"| compiler diagnostics without analyzers (binding every method; baseline) | {Median(compileOnly):0} |");
Console.WriteLine($"| analyzers, wall time of GetAnalyzerDiagnosticsAsync (binds the compilation again, then analyzes) | {Median(analyzerWall):0} |");
Console.WriteLine($"| analyzers, time in StoreGen analyzer callbacks (sum) | {Median(analyzerCallbacks):0} |");
foreach (var (name, values) in perAnalyzer)
{
    Console.WriteLine($"| {name} | {Median(values):0} |");
}
