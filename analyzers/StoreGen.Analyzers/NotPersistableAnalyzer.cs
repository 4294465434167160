using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen.Diagnostics;
using StoreGen.Generators.Parsing;

namespace StoreGen.Analyzers;

/// <summary>
/// SG0019: a [Store] or [StoreSerializable] type the snapshot codec cannot persist, or would restore with data lost.
/// The reasons come from the generator's own <see cref="CodecParser"/> (linked into this assembly), so the warning
/// and the generated codec, which throws with the same reason, cannot disagree. Reported on the type's name in
/// source, so <c>#pragma warning disable SG0019</c> and <c>[SuppressMessage]</c> work; the generator reports only
/// what blocks generation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotPersistableAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.NotPersistable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var attributes = new[] { CodecParser.StoreAttribute, CodecParser.SerializableAttribute }
                .Select(start.Compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
            if (!attributes.IsEmpty)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, attributes), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, ImmutableArray<INamedTypeSymbol> attributes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        // [Store] first: a [Store] type's codec is generated with its store, [StoreSerializable] beside it adds nothing.
        var attribute = attributes.Select(a => type.GetAttributes().FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.AttributeClass, a)))
            .FirstOrDefault(a => a is not null);
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).Parent?.Parent is not TypeDeclarationSyntax declaration
            || !TypeShape.IsGenerated(type, declaration.SyntaxTree))
        {
            return;
        }
        if (CodecParser.Parse(type).Unsupported is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPersistable, declaration.Identifier.GetLocation(), type.Name, problem));
        }
    }
}
