using Microsoft.CodeAnalysis;

namespace StoreGen.Diagnostics;

/// <summary>
/// Every StoreGen diagnostic, in one place (linked into the generator, the analyzers and the code fixes).
/// SG0001–SG0010 block generation and are reported by the generator; SG0011 and up are advice reported by the
/// analyzers, off the typing path. Each ID has a page docs/diagnostics/{ID}.md, used as its help link.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "StoreGen";

    /// <summary>Where the per-ID documentation lives, relative to the repository root.</summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    // ---- declarations that cannot be generated (generator) --------------------------------------------------

    public static readonly DiagnosticDescriptor TypeNotPartial = Rule(
        "SG0001", "Store type must be partial",
        "'{0}' has [Store] but is not declared partial; add the 'partial' modifier",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingKeys = Rule(
        "SG0002", "Store has no key",
        "[Store] on '{0}' needs Keys, the members that form the unique primary key, such as Keys = new[] {{ nameof(Id) }}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownMember = Rule(
        "SG0003", "Key or index names an unknown member",
        "{0} of '{1}' names '{2}', which is not a readable instance property or field of '{1}'",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateMember = Rule(
        "SG0004", "Member listed twice",
        "{0} of '{1}' lists '{2}' more than once",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EmptyIndex = Rule(
        "SG0005", "Index has no members",
        "An [Index] on '{0}' names no members; list the members to index, such as [Index(nameof(Host))]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Rule(
        "SG0006", "Containing type must be partial",
        "'{0}' is nested in '{1}', which is not partial; the store is generated into '{1}', so add the 'partial' modifier to it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericNotSupported = Rule(
        "SG0007", "Generic store types are not supported",
        "'{0}' is generic or nested in a generic type; StoreGen needs a closed, non-generic entity type",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateIndexName = Rule(
        "SG0008", "Two indexes share a name",
        "'{0}' has more than one index named '{1}'; give one of them another Name",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidName = Rule(
        "SG0009", "Name is not a valid identifier",
        "The {0} name '{1}' on '{2}' is not a valid C# identifier",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedEntity = Rule(
        "SG0010", "Type cannot be stored",
        "'{0}' is {1} and cannot be stored; use a class, record or record struct",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidExpiresAt = Rule(
        "SG0018", "Invalid [ExpiresAt] member",
        "[ExpiresAt] on '{0}' {1}; mark one DateTimeOffset or DateTimeOffset? member",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotPersistable = Rule(
        "SG0019", "Type cannot be persisted",
        "'{0}' works in memory but cannot be persisted: {1}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InternalError = Rule(
        "SG0099", "StoreGen could not process a declaration",
        "StoreGen could not process '{0}': {1}. Please report this with the declaration.",
        DiagnosticSeverity.Error);

    // ---- advice (analyzers) -----------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor KeyWithoutValueEquality = Rule(
        "SG0011", "Key member type has no value equality",
        "Key member '{1}' of '{0}' has type '{2}', which {3}; two equal keys would not find each other",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MutableKeyMember = Rule(
        "SG0012", "Key or indexed member can change after the item is stored",
        "{2} member '{1}' of '{0}' can be changed after the item is stored, which would leave the store's indexes pointing at the wrong slot; {3}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StoreNameCollision = Rule(
        "SG0013", "Generated store name collides with an existing type",
        "The store generated for '{0}' is named '{1}', but '{2}' already declares a type '{1}' that is not a partial class; rename one of them or set [Store(Name = ...)]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MutableEntityState = Rule(
        "SG0014", "Stored type has mutable state",
        "Member '{1}' of '{0}' {2}; stored items are shared across threads without copying, so {3}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsynchronizedStore = Rule(
        "SG0015", "Hand-written store writes shared collections without synchronization",
        "'{0}' implements {1} and writes '{2}' ({3}) with no lock, Interlocked, Volatile, concurrent or immutable collection; concurrent readers can see it torn; use a generated store or synchronize",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TooManyKeys = Rule(
        "SG0016", "More key values than the store has key members",
        "'{0}' has {1} key member(s) ({2}) but GetByKeys is given {3} values; it would throw StoreException",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongKeyType = Rule(
        "SG0017", "Key value of the wrong type",
        "Key member '{1}' of '{0}' (position {2}) is '{3}' but the value given is '{4}'; GetByKeys would throw StoreException",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnmappedLiveKey = Rule(
        "SG0020", "Key member has no live-backend column type",
        "Key member '{1}' of '{0}' has type '{2}', which {3} cannot store as a key column; the store would be refused when the backend starts; use string, an integer, bool, Guid, an enum, decimal, double or a date/time type",
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
