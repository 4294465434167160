using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using System.Linq;
using StoreGen.Generators.Emit;
using StoreGen.Generators.Model;
using StoreGen.Generators.Parsing;

namespace StoreGen.Generators;

/// <summary>
/// Emits a <c>{Type}Store</c> for every type annotated with <c>[StoreGen.Store]</c>.
/// The pipeline turns each declaration into a value-equatable <see cref="Model.StoreModel"/> right away, so edits
/// elsewhere in the compilation leave every step cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StoreGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that triggers generation.</summary>
    public const string StoreAttributeName = "StoreGen.StoreAttribute";

    /// <summary>The attribute that asks for a JSON codec only.</summary>
    public const string SerializableAttributeName = "StoreGen.StoreSerializableAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                StoreAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attributeContext, cancellationToken) => StoreParser.Parse(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        // Types stored inside items: [StoreSerializable] gets a JSON codec, nothing else.
        var serializable = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SerializableAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attributeContext, cancellationToken) => StoreParser.ParseSerializable(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Serializable);

        // Hint names that would clash (the compiler ignores case): only their holders get a suffix, so this list
        // changes only when such a clash appears or goes, and leaves every other output cached.
        var clashing = models.Select(static (model, _) => model.HintName).Collect()
            .Combine(serializable.Select(static (result, _) => result.Model?.HintName ?? "").Collect())
            .Select(static (names, _) => HintNames.Clashing(names.Left.Concat(names.Right.Where(name => name.Length > 0))))
            .WithTrackingName(TrackingNames.ClashingHintNames);

        context.RegisterSourceOutput(models.Combine(clashing), static (output, input) =>
        {
            var (model, clashes) = input;
            output.CancellationToken.ThrowIfCancellationRequested();
            AddSource(output, model.EntityName, () => (HintNames.Disambiguate(model.HintName, model.Identity, clashes), StoreEmitter.Emit(model)));
        });

        context.RegisterSourceOutput(serializable.Combine(clashing), static (output, input) =>
        {
            var (result, clashes) = input;
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
            if (result.Model is { } model)
            {
                AddSource(output, model.Name, () => (HintNames.Disambiguate(model.HintName, model.Identity, clashes), StoreEmitter.EmitCodecOnly(model)));
            }
        });
    }

    /// <summary>Adds a generated file; a failure to emit becomes SG0099 rather than a crashed generator (CS8785).</summary>
    private static void AddSource(SourceProductionContext output, string typeName, System.Func<(string HintName, string Source)> emit)
    {
        try
        {
            var (hintName, source) = emit();
            output.AddSource(hintName, source);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(StoreGen.Diagnostics.DiagnosticDescriptors.InternalError, Location.None, typeName, exception.Message));
        }
    }
}
