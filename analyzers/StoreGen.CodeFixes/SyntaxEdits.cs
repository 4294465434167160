using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StoreGen.CodeFixes;

/// <summary>Small syntax rewrites shared by the code fixes.</summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// Adds <paramref name="modifier"/> to a type declaration: <c>partial</c> goes last (just before the keyword),
    /// <c>readonly</c> before <c>partial</c>/<c>record</c>; trivia stays where it was.
    /// </summary>
    public static TypeDeclarationSyntax AddTypeModifier(TypeDeclarationSyntax type, SyntaxKind modifier)
    {
        if (type.Modifiers.Any(modifier))
        {
            return type;
        }
        var token = SyntaxFactory.Token(modifier).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count == 0)
        {
            var keyword = type.Keyword;
            return type
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(token.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
        int partialAt = type.Modifiers.IndexOf(SyntaxKind.PartialKeyword);
        int at = modifier == SyntaxKind.ReadOnlyKeyword && partialAt >= 0 ? partialAt : type.Modifiers.Count;
        return type.WithModifiers(type.Modifiers.Insert(at, token));
    }
}
