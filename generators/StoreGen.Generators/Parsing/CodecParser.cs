using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// Works out how an entity is persisted: which members, how each is encoded, and how the entity is rebuilt (a
/// constructor whose parameters match members by name, then init/settable members). What cannot be encoded is
/// reported as <see cref="CodecModel.Unsupported"/> (the store still works in memory; persisting it fails clearly).
/// </summary>
internal static class CodecParser
{
    public const string SerializableAttribute = "StoreGen.StoreSerializableAttribute";
    public const string StoreAttribute = "StoreGen.StoreAttribute";
    public const string FormerNameAttribute = "StoreGen.StoreFormerNameAttribute";

    // With nullable annotations, so generated locals and collections match the members' types exactly (CS8620).
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static CodecModel Parse(INamedTypeSymbol type)
    {
        var members = Members(type).ToList();
        var constructor = type.IsAbstract ? null : type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal && !IsCopyConstructor(c, type))
            .Where(c => MapsToDistinctMembers(c, members))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var problems = new List<string>();
        if (constructor is null)
        {
            problems.Add($"'{type.Name}' has no accessible constructor whose parameters all match members");
        }
        var result = new List<CodecMember>();
        // Each member's constructor parameter, matched once (the chosen constructor maps parameters to distinct members).
        var parameters = new Dictionary<ISymbol, IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var candidate in constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty)
        {
            parameters[MemberFor(candidate, members)!] = candidate;
        }
        foreach (var member in members)
        {
            var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            var parameter = parameters.TryGetValue(member, out var matched) ? matched : null;
            int position = parameter?.Ordinal ?? -1;
            if (position < 0 && !Writable(member))
            {
                if (CodecChecks.LostState(member) is { } lost)
                {
                    problems.Add(lost);
                }
                continue; // computed: derived from the others, not persisted
            }
            var codec = Resolve(memberType, problems, member.Name, 0);
            if (codec is null)
            {
                continue;
            }
            bool nonNullable = memberType.IsReferenceType && memberType.NullableAnnotation != NullableAnnotation.Annotated;
            bool nullable = memberType.NullableAnnotation == NullableAnnotation.Annotated
                || memberType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            bool required = IsRequired(member);
            var (absence, defaultValue) = parameter is null
                ? (required ? (nullable ? MemberAbsence.Null : MemberAbsence.Missing) : MemberAbsence.TypeDefault, "")
                : parameter.HasExplicitDefaultValue ? (MemberAbsence.Literal, DefaultLiteral(parameter))
                : (nullable ? MemberAbsence.Null : MemberAbsence.Missing, "");
            string jsonName = JsonName(member.Name);
            var formerNames = FormerNames(member, parameter).Where(n => n != jsonName).Distinct().ToEquatableArray();
            result.Add(new CodecMember(member.Name, jsonName, codec, position, nonNullable, formerNames, required, absence, defaultValue));
        }
        problems.AddRange(CodecChecks.NameClashes(result));
        return new CodecModel(type.Name + "JsonCodec", result.ToEquatableArray(), constructor?.Parameters.Length ?? 0,
            problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>The names [StoreFormerName] gives the member (on the property, field or constructor parameter), as written and in JSON form.</summary>
    private static IEnumerable<string> FormerNames(ISymbol member, IParameterSymbol? parameter) =>
        member.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>())
            .Where(a => a.AttributeClass?.ToDisplayString() == FormerNameAttribute)
            .SelectMany(a => a.ConstructorArguments.Select(c => c.Value as string))
            .Where(n => !string.IsNullOrEmpty(n))
            .SelectMany(n => new[] { n!, JsonName(n!) });

    /// <summary>A parameter's default value as a C# expression of its type.</summary>
    private static string DefaultLiteral(IParameterSymbol parameter)
    {
        string type = parameter.Type.ToDisplayString(TypeFormat);
        return parameter.ExplicitDefaultValue switch
        {
            null => "default!",
            double d when double.IsNaN(d) || double.IsInfinity(d) => $"({type})global::System.Double.{(double.IsNaN(d) ? "NaN" : d > 0 ? "PositiveInfinity" : "NegativeInfinity")}",
            float f when float.IsNaN(f) || float.IsInfinity(f) => $"({type})global::System.Single.{(float.IsNaN(f) ? "NaN" : f > 0 ? "PositiveInfinity" : "NegativeInfinity")}",
            decimal m => $"({type})({m.ToString(System.Globalization.CultureInfo.InvariantCulture)}m)",   // exact: no double literal in between
            double d => $"({type})({d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}d)",
            float f => $"({type})({f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}f)",
            var value => $"({type})({Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false)})",
        };
    }

    /// <summary>
    /// Whether every parameter matches its own member (by name, exactly or else ignoring case) and, unless the
    /// constructor sets required members, none of them is required (a required member must be set by the initializer).
    /// </summary>
    private static bool MapsToDistinctMembers(IMethodSymbol constructor, List<ISymbol> members)
    {
        var mapped = constructor.Parameters.Select(p => MemberFor(p, members)).ToList();
        bool setsRequired = constructor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        return mapped.All(m => m is not null && (setsRequired || !IsRequired(m))) && mapped.Distinct(SymbolEqualityComparer.Default).Count() == mapped.Count;
    }

    private static ISymbol? MemberFor(IParameterSymbol parameter, List<ISymbol> members) =>
        members.FirstOrDefault(m => m.Name == parameter.Name)
        ?? members.FirstOrDefault(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));

    private static bool IsRequired(ISymbol member) => member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private static IEnumerable<ISymbol> Members(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                bool readable = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal } property
                        => property.Name != "EqualityContract",
                    IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal } => true,
                    _ => false,
                };
                if (readable && seen.Add(member.Name))
                {
                    yield return member;
                }
            }
        }
    }

    private static bool Writable(ISymbol member) => member switch
    {
        IPropertySymbol { SetMethod: { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal } } => true,
        IFieldSymbol { IsReadOnly: false } => true,
        _ => false,
    };

    private static ValueCodec? Resolve(ITypeSymbol type, List<string> problems, string member, int depth)
    {
        string name = type.ToDisplayString(TypeFormat);
        ValueCodec Simple(ValueKind kind, string detail = "") => new(kind, name, null, detail, EquatableArray<string>.Empty);
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Simple(ValueKind.String);
            case SpecialType.System_Boolean: return Simple(ValueKind.Bool);
            case SpecialType.System_Byte: return Simple(ValueKind.Number, "GetByte");
            case SpecialType.System_SByte: return Simple(ValueKind.Number, "GetSByte");
            case SpecialType.System_Int16: return Simple(ValueKind.Number, "GetInt16");
            case SpecialType.System_UInt16: return Simple(ValueKind.Number, "GetUInt16");
            case SpecialType.System_Int32: return Simple(ValueKind.Number, "GetInt32");
            case SpecialType.System_UInt32: return Simple(ValueKind.Number, "GetUInt32");
            case SpecialType.System_Int64: return Simple(ValueKind.Number, "GetInt64");
            case SpecialType.System_UInt64: return Simple(ValueKind.Number, "GetUInt64");
            case SpecialType.System_Single: return Simple(ValueKind.Number, "GetSingle");
            case SpecialType.System_Double: return Simple(ValueKind.Number, "GetDouble");
            case SpecialType.System_Decimal: return Simple(ValueKind.Number, "GetDecimal");
            case SpecialType.System_DateTime: return Simple(ValueKind.DateTime);
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            // One name per value: aliases would make the generated switch ambiguous.
            var names = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
                .GroupBy(f => f.ConstantValue).Select(g => g.First().Name);
            return new ValueCodec(ValueKind.Enum, name, null, "", names.ToEquatableArray());
        }
        if (depth > 8)
        {
            problems.Add($"'{member}' nests collections more than 8 deep");
            return null;
        }
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return Container(ValueKind.List, name, Resolve(array.ElementType, problems, member, depth + 1), "Array");
        }
        if (type is not INamedTypeSymbol named)
        {
            Unsupported(problems, member, name);
            return null;
        }
        string definition = named.OriginalDefinition.ToDisplayString();
        switch (definition)
        {
            case "System.DateTimeOffset": return Simple(ValueKind.DateTimeOffset);
            case "System.TimeSpan": return Simple(ValueKind.TimeSpan);
            case "System.DateOnly": return Simple(ValueKind.DateOnly);
            case "System.TimeOnly": return Simple(ValueKind.TimeOnly);
            case "System.Guid": return Simple(ValueKind.Guid);
            case "T?" when named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
            case "System.Nullable<T>":
                return Container(ValueKind.Nullable, name, Resolve(named.TypeArguments[0], problems, member, depth + 1), "");
            case "System.Collections.Generic.List<T>":
                return Container(ValueKind.List, name, Resolve(named.TypeArguments[0], problems, member, depth + 1), "List");
            case "System.Collections.Generic.IReadOnlyList<T>":
            case "System.Collections.Generic.IReadOnlyCollection<T>":
            case "System.Collections.Generic.IEnumerable<T>":
            case "System.Collections.Generic.IList<T>":
            case "System.Collections.Generic.ICollection<T>":
                return Container(ValueKind.List, name, Resolve(named.TypeArguments[0], problems, member, depth + 1), "Array");
            case "System.Collections.Immutable.ImmutableArray<T>":
                return Container(ValueKind.List, name, Resolve(named.TypeArguments[0], problems, member, depth + 1), "ImmutableArray");
            case "System.Collections.Immutable.ImmutableList<T>":
                return Container(ValueKind.List, name, Resolve(named.TypeArguments[0], problems, member, depth + 1), "ImmutableList");
            case "System.Text.Json.JsonElement":
                return Simple(ValueKind.Json, "JsonElement");
            case "System.Text.Json.Nodes.JsonNode":
            case "System.Text.Json.Nodes.JsonObject":
            case "System.Text.Json.Nodes.JsonArray":
                return Simple(ValueKind.Json, "JsonNode");
            case "System.Collections.Generic.Dictionary<TKey, TValue>":
            case "System.Collections.Generic.IDictionary<TKey, TValue>":
            case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
            case "System.Collections.Immutable.ImmutableDictionary<TKey, TValue>":
            case "System.Collections.Immutable.IImmutableDictionary<TKey, TValue>":
            case "System.Collections.Generic.SortedDictionary<TKey, TValue>":
            case "System.Collections.Immutable.ImmutableSortedDictionary<TKey, TValue>":
                if (named.TypeArguments[0].SpecialType != SpecialType.System_String)
                {
                    problems.Add($"'{member}' is a dictionary whose keys are not strings");
                    return null;
                }
                return Container(ValueKind.Dictionary, name, Resolve(named.TypeArguments[1], problems, member, depth + 1), DictionaryKind(definition));
        }
        if (named.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is SerializableAttribute or StoreAttribute))
        {
            // The nested type's own generated codec class, declared next to it.
            string prefix = named.ContainingType is { } outer
                ? outer.ToDisplayString(TypeFormat) + "."
                : named.ContainingNamespace.IsGlobalNamespace ? "global::" : "global::" + named.ContainingNamespace.ToDisplayString() + ".";
            return new ValueCodec(ValueKind.Object, name, null, prefix + named.Name + "JsonCodec", EquatableArray<string>.Empty);
        }
        Unsupported(problems, member, name, owned: named.Locations.Any(location => location.IsInSource));
        return null;
    }

    /// <summary>How the generated reader builds a dictionary of this definition from the entries it read.</summary>
    private static string DictionaryKind(string definition) => definition switch
    {
        "System.Collections.Generic.SortedDictionary<TKey, TValue>" => "SortedDictionary",
        "System.Collections.Immutable.ImmutableSortedDictionary<TKey, TValue>" => "ImmutableSortedDictionary",
        _ when definition.StartsWith("System.Collections.Immutable", StringComparison.Ordinal) => "ImmutableDictionary",
        _ => "Dictionary",
    };

    private static ValueCodec? Container(ValueKind kind, string type, ValueCodec? element, string detail) =>
        element is null ? null : new ValueCodec(kind, type, element, detail, EquatableArray<string>.Empty);

    /// <summary>
    /// Reports a member of a type the codec cannot write. A type declared in the user's code can be marked; for one
    /// they do not own (a library or BCL type) the message says what to store instead.
    /// </summary>
    private static void Unsupported(List<string> problems, string member, string type, bool owned = false) =>
        problems.Add(owned
            ? $"'{member}' is a {type}, which StoreGen cannot persist (mark the type [StoreSerializable] or [Store])"
            : $"'{member}' is a {type}, a type from another assembly, which StoreGen cannot persist and which cannot be marked [StoreSerializable]; store a supported type instead: a [StoreSerializable] record of your own that you convert to and from, a JsonElement or JsonNode, a string, or a supported collection");

    /// <summary><c>PersistedAt</c> → <c>persistedAt</c>, as JSON documents usually name things.</summary>
    public static string JsonName(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
