using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using StoreGen.Analyzers;
using StoreGen.Diagnostics;

namespace StoreGen.CodeFixes;

/// <summary>
/// SG0012/SG0014: applies the mechanical fix the analyzer named in the diagnostic's <c>Fix</c> property:
/// <c>set</c> → <c>init</c>, a field → an init-only auto-property (one per variable), a <c>readonly record struct</c>, or a list/array member
/// declared as <c>IReadOnlyList&lt;T&gt;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeImmutableCodeFix)), Shared]
public sealed class MakeImmutableCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MutableKeyMember.Id, DiagnosticDescriptors.MutableEntityState.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(StoreDeclarationAnalyzer.FixProperty, out var fix) || fix is null)
            {
                continue;
            }
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            var edit = Edit(fix, node);
            if (edit is null)
            {
                continue;
            }
            var (title, target, replacement) = edit.Value;
            var fixedRoot = replacement.Length == 1 ? root.ReplaceNode(target, replacement[0]) : root.ReplaceNode(target, replacement);
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)), equivalenceKey: fix),
                diagnostic);
        }
    }

    /// <summary>The fix's title, the node it rewrites, and what replaces it (several members for a split field).</summary>
    private static (string Title, SyntaxNode Target, ImmutableArray<SyntaxNode> Replacement)? Edit(string fix, SyntaxNode node) =>
        Rewrite(fix, node) is var (title, target, replacement) ? (title, target, ImmutableArray.Create(replacement)) :
        fix == StoreDeclarationAnalyzer.FixFieldToInitProperty && node.FirstAncestorOrSelf<FieldDeclarationSyntax>() is { } field
            // Not readonly: a readonly field no constructor sets is not restored from a snapshot (SG0019).
            ? (field.Declaration.Variables.Count == 1 ? "Make it an init-only property" : "Make them init-only properties", field, InitProperties(field))
            : null;

    private static (string Title, SyntaxNode Target, SyntaxNode Replacement)? Rewrite(string fix, SyntaxNode node)
    {
        switch (fix)
        {
            case StoreDeclarationAnalyzer.FixInit when node.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is { AccessorList: { } accessors } property
                && accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.SetAccessorDeclaration)) is { } setter:
                // An init accessor is its own node kind, not a set accessor with another keyword.
                var init = SyntaxFactory.AccessorDeclaration(SyntaxKind.InitAccessorDeclaration, setter.AttributeLists, default,
                        SyntaxFactory.Token(setter.Keyword.LeadingTrivia, SyntaxKind.InitKeyword, setter.Keyword.TrailingTrivia),
                        setter.Body, setter.ExpressionBody, setter.SemicolonToken);
                return ("Make the setter 'init'", setter, init.WithLeadingTrivia(setter.GetLeadingTrivia()));
            case StoreDeclarationAnalyzer.FixReadonlyStruct when node.FirstAncestorOrSelf<RecordDeclarationSyntax>() is { } record:
                return ($"Make '{record.Identifier.ValueText}' a readonly record struct", record, SyntaxEdits.AddTypeModifier(record, SyntaxKind.ReadOnlyKeyword));
            case StoreDeclarationAnalyzer.FixReadOnlyList when DeclaredType(node) is { } type && ElementType(type) is { } element:
                var readOnly = SyntaxFactory.ParseTypeName($"global::System.Collections.Generic.IReadOnlyList<{element}>")
                    .WithTriviaFrom(type).WithAdditionalAnnotations(Simplifier.Annotation);
                return ("Declare it IReadOnlyList<T>", type, readOnly);
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>public int A, B;</c> → one init-only property per variable, each on its own line at the field's indentation;
    /// the fix for any one of them converts the whole declaration, so Fix All makes the same edit once.
    /// </summary>
    private static ImmutableArray<SyntaxNode> InitProperties(FieldDeclarationSyntax field)
    {
        var leading = field.GetLeadingTrivia();
        var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var newLine = field.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } eol ? eol : SyntaxFactory.LineFeed;
        var variables = field.Declaration.Variables;
        return variables.Select((variable, i) => (SyntaxNode)InitProperty(field, variable)
                .WithLeadingTrivia(i == 0 ? leading : SyntaxFactory.TriviaList(indentation.Reverse()))
                .WithTrailingTrivia(i == variables.Count - 1 ? field.GetTrailingTrivia() : SyntaxFactory.TriviaList(newLine)))
            .ToImmutableArray();
    }

    /// <summary>
    /// <c>public string Host = "";</c> → <c>public string Host { get; init; } = "";</c>: same type, name, modifiers
    /// (less <c>readonly</c>), trivia and initializer; the field's attributes keep applying to the backing field.
    /// </summary>
    private static PropertyDeclarationSyntax InitProperty(FieldDeclarationSyntax field, VariableDeclaratorSyntax variable)
    {
        var accessors = SyntaxFactory.AccessorList(SyntaxFactory.List(new[]
        {
            SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
            SyntaxFactory.AccessorDeclaration(SyntaxKind.InitAccessorDeclaration).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)),
        })).NormalizeWhitespace().WithLeadingTrivia(SyntaxFactory.Space);
        var property = SyntaxFactory.PropertyDeclaration(
                SyntaxFactory.List(field.AttributeLists.Select(FieldTargeted)),
                SyntaxFactory.TokenList(field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword))),
                field.Declaration.Type.WithTrailingTrivia(SyntaxFactory.Space),
                explicitInterfaceSpecifier: null,
                variable.Identifier.WithoutTrivia(),
                accessors)
            .WithTriviaFrom(field);
        return variable.Initializer is null ? property : property
            .WithAccessorList(accessors.WithTrailingTrivia(SyntaxFactory.Space))
            .WithInitializer(variable.Initializer.WithoutTrivia().WithEqualsToken(variable.Initializer.EqualsToken.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)))
            .WithSemicolonToken(field.SemicolonToken);
    }

    /// <summary>An attribute list of a field, targeted at the backing field once the field is a property.</summary>
    private static AttributeListSyntax FieldTargeted(AttributeListSyntax list) =>
        list.Target is not null ? list : list.WithTarget(SyntaxFactory.AttributeTargetSpecifier(
            SyntaxFactory.Token(SyntaxKind.FieldKeyword), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)));

    /// <summary>The declared type of the property, field or positional parameter at <paramref name="node"/>.</summary>
    private static TypeSyntax? DeclaredType(SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is PropertyDeclarationSyntax or ParameterSyntax or VariableDeclarationSyntax or FieldDeclarationSyntax) switch
        {
            PropertyDeclarationSyntax property => property.Type,
            ParameterSyntax parameter => parameter.Type,
            VariableDeclarationSyntax variable => variable.Type,
            FieldDeclarationSyntax field => field.Declaration.Type,
            _ => null,
        };

    private static string? ElementType(TypeSyntax type) => type switch
    {
        ArrayTypeSyntax array when array.RankSpecifiers.Count == 1 => array.ElementType.ToString(),
        GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic => generic.TypeArgumentList.Arguments[0].ToString(),
        QualifiedNameSyntax { Right: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0].ToString(),
        AliasQualifiedNameSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0].ToString(),
        _ => null,
    };
}
