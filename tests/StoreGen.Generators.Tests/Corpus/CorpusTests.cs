using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen.Analyzers;
using Xunit;
using Xunit.Abstractions;

namespace StoreGen.Generators.Tests.Corpus;

/// <summary>
/// Every corpus declaration compiles on its own (without StoreGen); with StoreGen it either builds with no
/// diagnostic at all in generated files (warnings are errors) or fails with an SG error on the user's code, and the
/// generator never crashes. The SG IDs reported must be exactly the ones the case expects.
/// </summary>
public class CorpusTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new StoreDeclarationAnalyzer(), new UntypedKeysAnalyzer(), new UnsynchronizedStoreAnalyzer(), new NotPersistableAnalyzer());

    public static TheoryData<string> Names => new(CorpusCases.All.Select(c => c.Name));

    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Corpus_is_large_and_names_are_unique()
    {
        Assert.True(CorpusCases.All.Count >= 150, $"the corpus has {CorpusCases.All.Count} cases");
        Assert.Equal(CorpusCases.All.Count, CorpusCases.All.Select(c => c.Name).Distinct().Count());
        // How the outcomes split, for the record (dotnet test --logger "console;verbosity=detailed").
        foreach (var outcome in CorpusCases.All.GroupBy(c => c.ExpectedText).OrderByDescending(g => g.Count()))
        {
            _output.WriteLine($"{outcome.Count(),4}  {outcome.Key}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async System.Threading.Tasks.Task Declaration_builds_clean_or_gets_an_SG_error_on_the_users_code(string name)
    {
        var corpusCase = CorpusCases.All.Single(c => c.Name == name);
        var parseOptions = GeneratorHarness.ParseOptions.WithLanguageVersion(corpusCase.Language);
        var compilation = GeneratorHarness.Compilation(parseOptions, corpusCase.Nullable, corpusCase.Sources.Select(s => "using StoreGen;\n" + s).ToArray());
        Assert.Empty(GeneratorHarness.Problems(compilation));   // the case itself is valid C#

        var (result, output, _) = GeneratorHarness.Run(compilation, GeneratorHarness.Driver(parseOptions));
        // One pass for the compiler's and the analyzers' diagnostics (as a build does), warnings as errors.
        var all = await output.WithAnalyzers(Analyzers).GetAllDiagnosticsAsync();
        var storeGen = result.Diagnostics.Concat(all).Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToList();
        var problems = GeneratorHarness.Problems(all);

        Assert.DoesNotContain(all.Concat(result.Diagnostics), d => d.Id is "CS8785" or "CS8784" or "AD0001" or "SG0099");
        Assert.Empty(problems.Where(d => IsGenerated(d.Location)));
        Assert.All(storeGen, d => Assert.False(IsGenerated(d.Location), $"{d.Id} is located in generated code"));
        var errors = storeGen.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0)
        {
            Assert.Empty(problems.Where(d => !d.Id.StartsWith("SG", StringComparison.Ordinal)));
            Assert.NotEmpty(result.GeneratedTrees);
        }
        else
        {
            Assert.All(errors, d => Assert.True(d.Location.GetLineSpan().Path.StartsWith("Input", StringComparison.Ordinal), $"{d.Id} is not on the user's code: {d}"));
        }
        string reported = storeGen.Count == 0 ? "compiles" : string.Join(", ", storeGen.Select(d => d.Id).Distinct().OrderBy(id => id));
        Assert.True(corpusCase.ExpectedText == reported,
            $"expected {corpusCase.ExpectedText}, got {reported}: {string.Join(" | ", storeGen.Select(d => d.ToString()))}");
    }

    private static bool IsGenerated(Location location) =>
        location.GetLineSpan().Path?.EndsWith(".g.cs", StringComparison.Ordinal) == true;
}
