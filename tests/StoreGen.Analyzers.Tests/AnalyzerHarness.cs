using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StoreGen.Analyzers;
using StoreGen.Generators.Tests;
using Xunit;

namespace StoreGen.Analyzers.Tests;

/// <summary>
/// Runs the generator and then every StoreGen analyzer over a compilation, as the compiler does in a build; applies
/// code fixes through an <see cref="AdhocWorkspace"/> the way the IDE does.
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new StoreDeclarationAnalyzer(), new UnsynchronizedStoreAnalyzer(), new UntypedKeysAnalyzer(), new LiveKeyAnalyzer());

    /// <summary>Generator diagnostics plus analyzer diagnostics; fails on any analyzer exception (AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> Diagnose(Compilation compilation)
    {
        var (result, output, _) = GeneratorHarness.Run((CSharpCompilation)compilation);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var all = await output.WithAnalyzers(Analyzers, options).GetAllDiagnosticsAsync();
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        return result.Diagnostics.AddRange(all.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)));
    }

    public static Task<ImmutableArray<Diagnostic>> Diagnose(params string[] sources) => Diagnose(GeneratorHarness.Compilation(sources));

    /// <summary>The source with the span marked [|…|] removed, and that span.</summary>
    public static (string Source, TextSpan Span) Marked(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        return (marked.Replace("[|", "").Replace("|]", ""), new TextSpan(start, end - start));
    }

    /// <summary>Applies the first fix <paramref name="provider"/> offers for the first <paramref name="id"/> diagnostic.</summary>
    public static async Task<string> Fix(CodeFixProvider provider, string source, string id)
    {
        var (workspace, document) = Open(source);
        using (workspace)
        {
            var diagnostic = (await DiagnosticsOf(document, id)).First();
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.NotEmpty(actions);
            return await Apply(actions[0], document);
        }
    }

    /// <summary>Applies the provider's Fix All over the document for every <paramref name="id"/> diagnostic.</summary>
    public static async Task<string> FixAll(CodeFixProvider provider, string source, string id, string equivalenceKey)
    {
        var (workspace, document) = Open(source);
        using (workspace)
        {
            var diagnostics = await DiagnosticsOf(document, id);
            Assert.True(diagnostics.Length > 1, "Fix All needs more than one diagnostic to be meaningful");
            var context = new FixAllContext(document, provider, FixAllScope.Document, equivalenceKey, new[] { id },
                new FixedDiagnostics(diagnostics), CancellationToken.None);
            var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(action);
            return await Apply(action!, document);
        }
    }

    private static (AdhocWorkspace Workspace, Document Document) Open(string source)
    {
        var workspace = new AdhocWorkspace();
        var compilation = GeneratorHarness.Compilation();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "Consumer", "Consumer", LanguageNames.CSharp,
            compilationOptions: compilation.Options, parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: compilation.References));
        var document = workspace.AddDocument(project.Id, "Input0.cs", SourceText.From(source));
        return (workspace, document);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsOf(Document document, string id)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        var diagnostics = (await Diagnose(compilation)).Where(d => d.Id == id).Select(d => OnDocument(d, tree)).ToImmutableArray();
        Assert.NotEmpty(diagnostics);
        return diagnostics;
    }

    /// <summary>
    /// Generator diagnostics carry a file path and span rather than a syntax tree (so the pipeline holds no trees);
    /// the IDE maps them onto the open document before offering fixes. This does the same.
    /// </summary>
    private static Diagnostic OnDocument(Diagnostic diagnostic, SyntaxTree tree)
    {
        if (diagnostic.Location.IsInSource || diagnostic.Location.GetLineSpan().Path != tree.FilePath)
        {
            return diagnostic;
        }
        var arguments = (System.Collections.Generic.IReadOnlyList<object?>)typeof(Diagnostic)
            .GetProperty("Arguments", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(diagnostic)!;
        return Diagnostic.Create(diagnostic.Descriptor, Location.Create(tree, diagnostic.Location.SourceSpan), diagnostic.Properties, arguments.ToArray());
    }

    private static async Task<string> Apply(CodeAction action, Document document)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
