using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StoreGen.Generators.Tests.Corpus;

/// <summary>
/// One declaration of the corpus, and what must come of it: <see cref="Expected"/> lists every StoreGen diagnostic
/// ID reported (generator and analyzers, sorted, distinct); when one of them is an error the build must fail on the
/// user's declaration, otherwise everything, generated code included, must compile under warnings-as-errors.
/// </summary>
public sealed record CorpusCase(
    string Name,
    string[] Sources,
    string[] Expected,
    LanguageVersion Language = LanguageVersion.Latest,
    NullableContextOptions Nullable = NullableContextOptions.Enable)
{
    /// <summary>The sources are prefixed with <c>using StoreGen;</c>; <paramref name="expected"/> are SG IDs.</summary>
    public static CorpusCase Of(string name, string source, params string[] expected) =>
        new(name, new[] { source }, expected);

    public CorpusCase With(LanguageVersion language) => this with { Language = language };

    public CorpusCase With(NullableContextOptions nullable) => this with { Nullable = nullable };

    public CorpusCase AndSource(string source) => this with { Sources = Sources.Append(source).ToArray() };

    public string ExpectedText => Expected.Length == 0 ? "compiles" : string.Join(", ", Expected.OrderBy(id => id));

    public override string ToString() => Name;
}

/// <summary>Builds the case list; names must be unique.</summary>
internal sealed class CorpusBuilder
{
    private readonly List<CorpusCase> _cases = new();

    public IReadOnlyList<CorpusCase> Cases => _cases;

    public CorpusBuilder Add(CorpusCase corpusCase)
    {
        _cases.Add(corpusCase);
        return this;
    }

    public CorpusBuilder Add(string name, string source, params string[] expected) => Add(CorpusCase.Of(name, source, expected));
}
