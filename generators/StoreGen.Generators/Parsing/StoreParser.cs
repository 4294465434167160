using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StoreGen.Diagnostics;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// Turns one <c>[Store]</c> declaration into a <see cref="StoreModel"/>, or into diagnostics when it cannot be
/// generated. Never throws: an unexpected failure becomes diagnostic SG0099 instead of a crashed generator.
/// </summary>
internal static class StoreParser
{
    public const string IndexAttributeName = "StoreGen.IndexAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            var model = Parse(context, diagnostics, cancellationToken);
            bool blocked = diagnostics.Exists(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            return new ParseResult(blocked ? null : model, diagnostics.ToEquatableArray());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var location = (context.TargetNode as TypeDeclarationSyntax)?.Identifier.GetLocation();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, exception.Message));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    private static StoreModel? Parse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            return null;
        }
        var identifier = declaration.Identifier.GetLocation();

        if (!CheckLanguageVersion(declaration, type, identifier, diagnostics) || !CheckShape(type, identifier, diagnostics))
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var attributeLocation = attributeSyntax?.GetLocation() ?? identifier;

        var keyNames = AttributeArguments.NamedStrings(attribute, "Keys");
        if (keyNames.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingKeys, attributeLocation, type.Name));
        }
        var memberTypes = new List<ITypeSymbol>();
        var keyLocations = AttributeArguments.NamedElementLocations(attributeSyntax, "Keys");
        var keys = ResolveMembers(type, "The key", keyNames, keyLocations, attributeLocation, diagnostics, memberTypes);
        GeneratedNames.CheckKeyNames(type, keyNames, keyLocations, attributeLocation, diagnostics);

        var indexes = ParseIndexes(type, cancellationToken, diagnostics, memberTypes);
        (keys, indexes) = WithParameterNames(keys, indexes);

        var storeAccessibility = StoreAccessibility.Of(type, memberTypes);
        string storeName = GeneratedNames.CheckStoreName(type, attribute, attributeSyntax, identifier, keys, indexes, storeAccessibility, diagnostics);
        GeneratedNames.CheckCodecName(type, identifier, diagnostics);

        var expiry = ExpiryParser.Parse(type, identifier, diagnostics);
        // What the codec cannot persist is SG0019, reported by NotPersistableAnalyzer; the codec then throws with the reason.
        var codec = CodecParser.Parse(type);
        cancellationToken.ThrowIfCancellationRequested();

        return new StoreModel(
            Namespace(type),
            ContainingTypes(type).ToEquatableArray(),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.IsValueType,
            SyntaxFacts.GetText(type.DeclaredAccessibility),
            SyntaxFacts.GetText(storeAccessibility),
            storeName,
            keys.ToEquatableArray(),
            indexes.ToEquatableArray(),
            expiry,
            codec);
    }

    /// <summary>Gives key and index members their distinct parameter names (see <see cref="MemberResolver.NameParameters"/>).</summary>
    private static (List<MemberModel> Keys, List<IndexModel> Indexes) WithParameterNames(List<MemberModel> keys, List<IndexModel> indexes)
    {
        var parameters = MemberResolver.NameParameters(keys.Concat(indexes.SelectMany(i => i.Members)));
        return (keys.Select(k => k with { ParameterName = parameters[k.Name] }).ToList(),
            indexes.Select(i => i with { Members = i.Members.Select(m => m with { ParameterName = parameters[m.Name] }).ToEquatableArray() }).ToList());
    }

    /// <summary>Reports SG0022 when the declaration's own file is parsed as a C# older than the generated code needs.</summary>
    private static bool CheckLanguageVersion(TypeDeclarationSyntax declaration, INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics)
    {
        if (TypeShape.TooOldLanguage(declaration.SyntaxTree) is { } version)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooOld, identifier, type.Name,
                version.ToDisplayString(), TypeShape.MinimumLanguageVersion.ToDisplayString()));
            return false;
        }
        return true;
    }

    /// <summary>The namespace as C# source, each part escaped (<c>@class.@int</c>); null for the global namespace.</summary>
    private static string? Namespace(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Identifiers.Escape(ns.Name));
        }
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>Checks what the type itself must be: non-generic, storable, partial, in partial containing types.</summary>
    private static bool CheckShape(INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics, bool requirePartial = true)
    {
        if (TypeShape.IsGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, identifier, type.Name));
            return false;
        }
        string? unsupported = TypeShape.Unsupported(type);
        if (unsupported is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedEntity, identifier, type.Name, unsupported));
            return false;
        }
        if (requirePartial && !IsPartial(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, identifier, type.Name));
        }
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, identifier, type.Name, outer.Name));
            }
        }
        return true;
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax() is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static List<IndexModel> ParseIndexes(INamedTypeSymbol type, CancellationToken cancellationToken, List<DiagnosticInfo> diagnostics, List<ITypeSymbol> memberTypes)
    {
        var indexes = new List<IndexModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != IndexAttributeName)
            {
                continue;
            }
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var location = syntax?.GetLocation();
            var memberNames = attribute.ConstructorArguments.Length == 1
                ? AttributeArguments.Strings(attribute.ConstructorArguments[0])
                : new string?[0];
            if (memberNames.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyIndex, location, type.Name));
                continue;
            }
            var members = ResolveMembers(type, "An index", memberNames, AttributeArguments.PositionalElementLocations(syntax), location, diagnostics, memberTypes);
            string name = AttributeArguments.NamedString(attribute, "Name") ?? string.Concat(memberNames);
            if (!SyntaxFacts.IsValidIdentifier(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, location, "index", name, type.Name));
            }
            else if (name == "Key")
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, location,
                    "The index name", name, type.Name, "the query builder's WhereKey, which looks items up by their primary key", "set [Index(..., Name = \"...\")] to another name"));
            }
            else if (!names.Add(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateIndexName, location, type.Name, name));
            }
            indexes.Add(new IndexModel(name, members.ToEquatableArray(), AttributeArguments.NamedBool(attribute, "Unique")));
        }
        return indexes;
    }

    private static List<MemberModel> ResolveMembers(INamedTypeSymbol type, string what, IReadOnlyList<string?> names, IReadOnlyList<Location> locations,
        Location? fallback, List<DiagnosticInfo> diagnostics, List<ITypeSymbol> memberTypes)
    {
        var members = new List<MemberModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int n = 0; n < names.Count; n++)
        {
            var location = AttributeArguments.At(locations, n, fallback);
            if (MemberResolver.Find(type, names[n]) is not var (symbol, memberType))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownMember, location, what, type.Name, names[n] ?? "null"));
            }
            else if (!seen.Add(symbol.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateMember, location, what, type.Name, symbol.Name));
            }
            else if (MemberResolver.WhyUnsupported(memberType) is { } why)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKeyType, location,
                    what == "The key" ? "Key" : "Indexed", symbol.Name, type.Name, memberType.ToDisplayString(), why));
            }
            else
            {
                memberTypes.Add(memberType);
                members.Add(MemberResolver.Model(symbol, memberType));
            }
        }
        return members;
    }

    /// <summary>Parses a [StoreSerializable] type: its codec only.</summary>
    public static (SerializableModel? Model, EquatableArray<DiagnosticInfo> Diagnostics) ParseSerializable(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration
            || type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == StoreGenerator.StoreAttributeName))
        {
            // A [Store] type's codec is generated with its store: [StoreSerializable] beside it adds nothing.
            return (null, diagnostics.ToEquatableArray());
        }
        try
        {
            var identifier = declaration.Identifier.GetLocation();
            if (!CheckLanguageVersion(declaration, type, identifier, diagnostics) || !CheckShape(type, identifier, diagnostics, requirePartial: false))
            {
                return (null, diagnostics.ToEquatableArray());
            }
            GeneratedNames.CheckCodecName(type, identifier, diagnostics);
            var codec = CodecParser.Parse(type);   // SG0019 is NotPersistableAnalyzer's
            cancellationToken.ThrowIfCancellationRequested();
            bool blocked = diagnostics.Exists(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            var model = new SerializableModel(
                Namespace(type),
                ContainingTypes(type).ToEquatableArray(), type.Name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                SyntaxFacts.GetText(type.DeclaredAccessibility), codec);
            return (blocked ? null : model, diagnostics.ToEquatableArray());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, declaration.Identifier.GetLocation(), type.Name, exception.Message));
            return (null, diagnostics.ToEquatableArray());
        }
    }

    private static IEnumerable<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeModel>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer switch
            {
                { IsRecord: true, IsValueType: true } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            chain.Insert(0, new ContainingTypeModel("partial " + keyword, Identifiers.Escape(outer.Name)));
        }
        return chain;
    }
}
