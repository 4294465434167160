using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using StoreGen.Diagnostics;

namespace StoreGen.Analyzers;

/// <summary>
/// Checks calls of the untyped <c>GetByKeys(params object?[])</c> on a generated store (or its snapshot view), where
/// the store's keys are known: more values than key members (SG0016, an error: it always throws), and a constant
/// value whose type cannot be the key member's (SG0017). Calls through the <c>IIndexedStore</c> interface, or with an
/// array built elsewhere, are not judged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntypedKeysAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TooManyKeys, DiagnosticDescriptors.WrongKeyType);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.Create(start.Compilation) is not { } known)
            {
                return;
            }
            start.RegisterOperationAction(op => Analyze(op, known), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "GetByKeys" || invocation.Arguments.Length != 1
            || known.EntityOfGeneratedStore(invocation.TargetMethod.ContainingType) is not { } entity
            || StoreDeclaration.Read(entity, known) is not { } declaration
            || invocation.Arguments[0].Value is not IArrayCreationOperation { Initializer: { } initializer })
        {
            return;
        }
        var values = initializer.ElementValues;
        var keys = declaration.Keys;
        if (values.Length > keys.Count)
        {
            var first = values[keys.Count].Syntax;
            var last = values[values.Length - 1].Syntax;
            var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(first.SpanStart, last.Span.End);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TooManyKeys,
                Location.Create(first.SyntaxTree, span), declaration.StoreName, keys.Count,
                string.Join(", ", keys.Select(k => k.Name)), values.Length));
            return;
        }
        for (int position = 0; position < values.Length; position++)
        {
            var value = values[position] is IConversionOperation conversion ? conversion.Operand : values[position];
            var keyType = StoreDeclaration.TypeOf(keys[position]);
            if (keyType is null || !value.ConstantValue.HasValue)
            {
                continue;
            }
            var valueType = value.Type;
            bool fits = valueType is not null && (SymbolEqualityComparer.Default.Equals(valueType, keyType)
                || keyType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                    && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], valueType));
            if (!fits)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WrongKeyType, values[position].Syntax.GetLocation(),
                    declaration.StoreName, keys[position].Name, position, keyType.ToDisplayString(), valueType?.ToDisplayString() ?? "null"));
            }
        }
    }
}
