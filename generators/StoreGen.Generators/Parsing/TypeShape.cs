using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// What a [Store] or [StoreSerializable] type must be for any code to be generated for it. Linked into the analyzers,
/// so SG0019 is reported for exactly the types whose codec the generator writes.
/// </summary>
internal static class TypeShape
{
    /// <summary>The oldest C# the generated code compiles with (static abstract interface members, UTF-8 literals).</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp11;

    /// <summary>The C# version of the declaration's file when it is older than <see cref="MinimumLanguageVersion"/> (SG0022).</summary>
    public static LanguageVersion? TooOldLanguage(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions { LanguageVersion: < MinimumLanguageVersion } options ? options.LanguageVersion : null;

    /// <summary>Whether the type or a type containing it is generic (SG0007).</summary>
    public static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Why the type cannot hold stored items or have generated parts (SG0010), or null.</summary>
    public static string? Unsupported(INamedTypeSymbol type) => type switch
    {
        { IsStatic: true } => "a static class",
        { IsRefLikeType: true } => "a ref struct",
        { IsFileLocal: true } => "a file-local type (the generated store lives in another file)",
        _ => null,
    };

    /// <summary>Whether code is generated for the type at all (none of SG0022, SG0007, SG0010 applies).</summary>
    public static bool IsGenerated(INamedTypeSymbol type, SyntaxTree declaration) =>
        TooOldLanguage(declaration) is null && !IsGeneric(type) && Unsupported(type) is null;
}
