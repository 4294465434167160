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
        for (int n = 0; n < keyNames.Count; n++)
        {
            if (keyNames[n] is { } name && GeneratedNames.IsKeyStructMember(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, AttributeArguments.At(keyLocations, n, attributeLocation),
                    "The key member", name, type.Name, $"the method '{name}' of the generated key struct", "key the store by a member with another name"));
            }
        }

        var indexes = ParseIndexes(type, cancellationToken, diagnostics, memberTypes);
        var parameters = MemberResolver.NameParameters(keys.Concat(indexes.SelectMany(i => i.Members)));
        keys = keys.Select(k => k with { ParameterName = parameters[k.Name] }).ToList();
        indexes = indexes.Select(i => i with { Members = i.Members.Select(m => m with { ParameterName = parameters[m.Name] }).ToEquatableArray() }).ToList();

        var storeAccessibility = StoreAccessibility(type, memberTypes);
        string storeName = CheckStoreName(type, attribute, attributeSyntax, identifier, keys, indexes, storeAccessibility, diagnostics);
        CheckCodecName(type, identifier, diagnostics);

        var expiry = ExpiryParser.Parse(type, identifier, diagnostics);
        var codec = CodecParser.Parse(type);
        if (codec.Unsupported is { } problem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPersistable, identifier, type.Name, problem));
        }
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

    /// <summary>The oldest C# the generated code compiles with (static abstract interface members, UTF-8 literals).</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp11;

    /// <summary>Reports SG0022 when the declaration's own file is parsed as a C# older than the generated code needs.</summary>
    private static bool CheckLanguageVersion(TypeDeclarationSyntax declaration, INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics)
    {
        if (declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < MinimumLanguageVersion } options)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooOld, identifier, type.Name,
                options.LanguageVersion.ToDisplayString(), MinimumLanguageVersion.ToDisplayString()));
            return false;
        }
        return true;
    }

    /// <summary>The store's name (default <c>{Type}Store</c>), after reporting what makes it unusable (SG0009, SG0013, SG0020).</summary>
    private static string CheckStoreName(INamedTypeSymbol type, AttributeData attribute, AttributeSyntax? attributeSyntax, Location identifier,
        IReadOnlyList<MemberModel> keys, IReadOnlyList<IndexModel> indexes, Accessibility storeAccessibility, List<DiagnosticInfo> diagnostics)
    {
        string storeName = AttributeArguments.NamedString(attribute, "Name") ?? type.Name + GeneratedNames.StoreSuffix;
        var nameLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Name")?.GetLocation() ?? identifier;
        if (!Identifiers.IsTypeName(storeName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, nameLocation, "store", storeName, type.Name));
            return storeName;
        }
        var inside = GeneratedNames.InsideStore(keys, indexes);
        if (inside.Contains(storeName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameClash, nameLocation,
                "The store name", storeName, type.Name, $"the generated store's own member '{storeName}' (a member cannot have its type's name)", "set [Store(Name = ...)] to another name"));
        }
        else if (GeneratedNames.Collision(type, storeName, inside, storeAccessibility) is { } why)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreNameCollision, nameLocation,
                "The store", type.Name, storeName, why, "rename one of them or set [Store(Name = ...)]"));
        }
        return storeName;
    }

    /// <summary>Reports SG0013 when the codec's name, <c>{Type}JsonCodec</c>, is taken next to the type.</summary>
    private static void CheckCodecName(INamedTypeSymbol type, Location identifier, List<DiagnosticInfo> diagnostics)
    {
        string codecName = type.Name + GeneratedNames.CodecSuffix;
        if (GeneratedNames.Collision(type, codecName, null, Accessibility.NotApplicable) is { } why)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StoreNameCollision, identifier,
                "The JSON codec", type.Name, codecName, why, $"rename one of them"));
        }
    }

    /// <summary>
    /// The entity's accessibility, lowered when a key or indexed member's type is less accessible (an internal enum
    /// key on a public entity makes the store internal), so the generated signatures are consistent.
    /// </summary>
    private static Accessibility StoreAccessibility(INamedTypeSymbol type, IEnumerable<ITypeSymbol> memberTypes)
    {
        var lowest = type.DeclaredAccessibility;
        foreach (var memberType in memberTypes)
        {
            var effective = EffectiveAccessibility(memberType);
            if (effective < lowest && effective < EffectiveAccessibility(type))
            {
                lowest = effective is Accessibility.Internal or Accessibility.ProtectedOrInternal ? Accessibility.Internal : Accessibility.Private;
            }
        }
        return lowest;
    }

    /// <summary>The least accessibility along a type, its containing types, its type arguments and element types.</summary>
    private static Accessibility EffectiveAccessibility(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return EffectiveAccessibility(array.ElementType);
            case INamedTypeSymbol named:
                var lowest = Accessibility.Public;
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.DeclaredAccessibility < lowest)
                    {
                        lowest = current.DeclaredAccessibility;
                    }
                }
                foreach (var argument in named.TypeArguments)
                {
                    var inner = EffectiveAccessibility(argument);
                    if (inner < lowest)
                    {
                        lowest = inner;
                    }
                }
                return lowest;
            default:
                return Accessibility.Public;
        }
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
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, identifier, type.Name));
                return false;
            }
        }
        string? unsupported = type switch
        {
            { IsStatic: true } => "a static class",
            { IsRefLikeType: true } => "a ref struct",
            { IsFileLocal: true } => "a file-local type (the generated store lives in another file)",
            _ => null,
        };
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
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            return (null, diagnostics.ToEquatableArray());
        }
        try
        {
            var identifier = declaration.Identifier.GetLocation();
            if (!CheckLanguageVersion(declaration, type, identifier, diagnostics) || !CheckShape(type, identifier, diagnostics, requirePartial: false))
            {
                return (null, diagnostics.ToEquatableArray());
            }
            CheckCodecName(type, identifier, diagnostics);
            var codec = CodecParser.Parse(type);
            if (codec.Unsupported is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPersistable, identifier, type.Name, problem));
            }
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
