using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreGen.Generators;

/// <summary>How names from the user's code are written into generated code and hint names.</summary>
internal static class Identifiers
{
    /// <summary>A name as C# source: <c>class</c> → <c>@class</c> (reserved keywords only; contextual ones are valid names).</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// Whether <paramref name="name"/> can name a generated type: a valid identifier that is not a keyword (reserved or
    /// contextual) and not all lower-case ASCII letters, which the compiler warns may become keywords (CS8981).
    /// </summary>
    public static bool IsTypeName(string name) =>
        SyntaxFacts.IsValidIdentifier(name)
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
        && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None
        && !name.All(ch => ch is >= 'a' and <= 'z');

    /// <summary>A hint-name part: letters, digits and underscores kept, anything else (such as a verbatim <c>@</c>) dropped or replaced.</summary>
    public static string ForHintName(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char ch in name)
        {
            if (ch == '@')
            {
                continue;
            }
            text.Append(ch < 128 && (char.IsLetterOrDigit(ch) || ch is '_' or '.') ? ch : '_');
        }
        return text.ToString();
    }
}
