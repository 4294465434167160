using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StoreGen.Diagnostics;
using StoreGen.Generators.Parsing;

namespace StoreGen.Analyzers;

/// <summary>
/// When the project references a live backend package (StoreGen.Postgres, StoreGen.Redis), reports each key member
/// whose type has no live column type (SG0023): such a store would be refused when the backend starts. The mapping
/// is the generated key schema's own (<see cref="LiveColumns"/>, linked from the generator): string, the integer
/// types, double, decimal, bool, Guid, the date and time types and enums.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LiveKeyAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> LiveBackends = ImmutableHashSet.Create("StoreGen.Postgres", "StoreGen.Redis");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnmappedLiveKey);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var backend = start.Compilation.ReferencedAssemblyNames.FirstOrDefault(name => LiveBackends.Contains(name.Name));
            if (backend is null || KnownTypes.Create(start.Compilation) is not { } known)
            {
                return;
            }
            start.RegisterSymbolAction(symbol => Analyze(symbol, known, backend.Name), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes known, string backend)
    {
        var entity = (INamedTypeSymbol)context.Symbol;
        if (StoreDeclaration.Read(entity, known) is not { } declaration)
        {
            return;
        }
        foreach (var key in declaration.Keys)
        {
            if (StoreDeclaration.TypeOf(key) is { } type && LiveColumns.Of(type).Type == LiveColumns.Unsupported && key.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnmappedLiveKey, location,
                    entity.Name, key.Name, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), backend));
            }
        }
    }
}
