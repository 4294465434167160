using Microsoft.CodeAnalysis;

namespace StoreGen.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. These block generation: without them the store could not be emitted
/// correctly. Advice that does not block generation belongs to the analyzers.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "StoreGen";

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        "SG0001", "Store type must be partial",
        "'{0}' has [Store] but is not declared partial; add the 'partial' modifier",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "StoreGen generates code for the annotated type and needs it to be partial.");

    public static readonly DiagnosticDescriptor MissingKeys = new(
        "SG0002", "Store has no key",
        "[Store] on '{0}' needs Keys, the members that form the unique primary key, such as Keys = new[] {{ nameof(Id) }}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownMember = new(
        "SG0003", "Key or index names an unknown member",
        "{0} of '{1}' names '{2}', which is not a readable instance property or field of '{1}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateMember = new(
        "SG0004", "Member listed twice",
        "{0} of '{1}' lists '{2}' more than once",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor EmptyIndex = new(
        "SG0005", "Index has no members",
        "An [Index] on '{0}' names no members; list the members to index, such as [Index(nameof(Host))]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
        "SG0006", "Containing type must be partial",
        "'{0}' is nested in '{1}', which is not partial; the store is generated into '{1}', so add the 'partial' modifier to it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericNotSupported = new(
        "SG0007", "Generic store types are not supported",
        "'{0}' is generic or nested in a generic type; StoreGen needs a closed, non-generic entity type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateIndexName = new(
        "SG0008", "Two indexes share a name",
        "'{0}' has more than one index named '{1}'; give one of them another Name",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidName = new(
        "SG0009", "Name is not a valid identifier",
        "The {0} name '{1}' on '{2}' is not a valid C# identifier",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedEntity = new(
        "SG0010", "Type cannot be stored",
        "'{0}' is {1} and cannot be stored; use a class, record or record struct",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "SG0099", "StoreGen could not process a declaration",
        "StoreGen could not process '{0}': {1}. Please report this with the declaration.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
