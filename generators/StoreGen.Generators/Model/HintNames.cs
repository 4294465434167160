using System.Collections.Generic;
using System.Linq;

namespace StoreGen.Generators.Model;

/// <summary>
/// Hint names of generated files. The compiler compares them ignoring case, so types whose names differ only in case
/// (<c>e</c> and <c>E</c>) get a suffix that tells them apart; see <see cref="Disambiguate"/>.
/// </summary>
internal static class HintNames
{
    /// <summary><c>{Namespace}.{Containing}.{Type}{suffix}</c>, without verbatim <c>@</c> or characters a file name may not hold.</summary>
    public static string Of(string? ns, EquatableArray<ContainingTypeModel> containingTypes, string name, string suffix)
    {
        var parts = new List<string>();
        if (ns is not null)
        {
            parts.Add(ns);
        }
        parts.AddRange(containingTypes.Select(t => t.Name));
        parts.Add(name);
        return Identifiers.ForHintName(string.Join(".", parts)) + suffix;
    }

    /// <summary>
    /// What tells two types apart when their hint names clash: namespace, containing types and name kept apart
    /// (<c>A.B</c> namespace and type <c>C</c> versus namespace <c>A</c>, type <c>B</c>, nested type <c>C</c>).
    /// </summary>
    public static string Identity(string? ns, EquatableArray<ContainingTypeModel> containingTypes, string name) =>
        (ns ?? "") + "|" + string.Join("+", containingTypes.Select(t => t.Name)) + "|" + name;

    /// <summary>The hint names that more than one generated file would take, compared as the compiler does (ignoring case).</summary>
    public static EquatableArray<string> Clashing(IEnumerable<string> hintNames) =>
        hintNames.GroupBy(name => name, System.StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key.ToUpperInvariant())
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>
    /// <paramref name="hintName"/>, or when it clashes, the same with a hash of the type's <see cref="Identity"/> before
    /// the extension (<c>Demo.e.g.cs</c> → <c>Demo.e.1A2B3C4D.g.cs</c>): stable across builds and distinct per type.
    /// </summary>
    public static string Disambiguate(string hintName, string identity, EquatableArray<string> clashing)
    {
        if (!clashing.Contains(hintName.ToUpperInvariant()))
        {
            return hintName;
        }
        uint hash = 2166136261;
        foreach (char ch in identity)
        {
            hash = unchecked((hash ^ ch) * 16777619);
        }
        int dot = hintName.IndexOf(".g.cs", System.StringComparison.Ordinal);
        int extension = hintName.EndsWith(".Codec.g.cs", System.StringComparison.Ordinal) ? hintName.Length - ".Codec.g.cs".Length : dot;
        return hintName.Substring(0, extension) + "." + hash.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + hintName.Substring(extension);
    }
}
