using Microsoft.CodeAnalysis;

namespace StoreGen.Diagnostics;

/// <summary>
/// Every StoreGen diagnostic, in one place (linked into the generator, the analyzers and the code fixes).
/// The generator reports what stops it from generating a store (SG0001–SG0010, SG0013, SG0018, SG0020–SG0022,
/// SG0099: errors). The analyzers report the rest (SG0011, SG0012, SG0014–SG0017, SG0019, SG0023), advice that runs
/// off the typing path, on source locations, and can be configured or suppressed per ID. SG0900
/// is not here: the package's build targets report it. Each ID has a page docs/diagnostics/{ID}.md, published at
/// <see cref="HelpLinkBase"/>.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "StoreGen";

    /// <summary>The public repository; the packages' RepositoryUrl and PackageProjectUrl name the same address.</summary>
    public const string RepositoryUrl = "https://github.com/storegen/storegen";

    /// <summary>Where the per-ID documentation pages are published; an ID's help link is this, the ID and ".md".</summary>
    public const string HelpLinkBase = RepositoryUrl + "/blob/main/docs/diagnostics/";

    // ---- declarations that cannot be generated (generator) --------------------------------------------------

    public static readonly DiagnosticDescriptor TypeNotPartial = Rule(
        "SG0001", "Store type must be partial",
        "'{0}' has [Store] but is not declared partial; add the 'partial' modifier",
        DiagnosticSeverity.Error,
        "The store is generated as another part of the [Store] type, which needs the 'partial' modifier to accept it. Add 'partial'; the code fix does it, for containing types too.");

    public static readonly DiagnosticDescriptor MissingKeys = Rule(
        "SG0002", "Store has no key",
        "[Store] on '{0}' needs Keys, the members that form the unique primary key, such as Keys = new[] {{ nameof(Id) }}",
        DiagnosticSeverity.Error,
        "Every store has a unique primary key made of one or more members, which the store indexes and looks items up by. List them in Keys, such as Keys = new[] { nameof(Id) }.");

    public static readonly DiagnosticDescriptor UnknownMember = Rule(
        "SG0003", "Key or index names an unknown member",
        "{0} of '{1}' names '{2}', which is not a readable instance property or field of '{1}'",
        DiagnosticSeverity.Error,
        "Keys and indexes read members of the stored type, so each name must be a readable instance property or field of it. Use nameof(...) so a rename cannot leave a stale name behind.");

    public static readonly DiagnosticDescriptor DuplicateMember = Rule(
        "SG0004", "Member listed twice",
        "{0} of '{1}' lists '{2}' more than once",
        DiagnosticSeverity.Error,
        "A key or index over the same member twice is almost certainly a mistake and would make every lookup take that value twice. List each member once.");

    public static readonly DiagnosticDescriptor EmptyIndex = Rule(
        "SG0005", "Index has no members",
        "An [Index] on '{0}' names no members; list the members to index, such as [Index(nameof(Host))]",
        DiagnosticSeverity.Error,
        "An index with no members has nothing to index by. List the members to index, or remove the [Index].");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Rule(
        "SG0006", "Containing type must be partial",
        "'{0}' is nested in '{1}', which is not partial; the store is generated into '{1}', so add the 'partial' modifier to it",
        DiagnosticSeverity.Error,
        "A store for a nested type is generated into its containing types, so each of them must be partial as well. Add 'partial' to every containing type; the code fix does it.");

    public static readonly DiagnosticDescriptor GenericNotSupported = Rule(
        "SG0007", "Generic store types are not supported",
        "'{0}' is generic or nested in a generic type; StoreGen needs a closed, non-generic entity type",
        DiagnosticSeverity.Error,
        "The generated store and its codec are written for one concrete type and cannot be generic. Store a closed, non-generic type, for example a record that wraps the generic value.");

    public static readonly DiagnosticDescriptor DuplicateIndexName = Rule(
        "SG0008", "Two indexes share a name",
        "'{0}' has more than one index named '{1}'; give one of them another Name",
        DiagnosticSeverity.Error,
        "Each index gets a generated method named after it, so two indexes with one name would collide. Set Name on one of them.");

    public static readonly DiagnosticDescriptor InvalidName = Rule(
        "SG0009", "Name is not a valid identifier",
        "The {0} name '{1}' on '{2}' is not a valid C# identifier",
        DiagnosticSeverity.Error,
        "Store and index names become type and method names in the generated code. Use a valid C# identifier.");

    public static readonly DiagnosticDescriptor UnsupportedEntity = Rule(
        "SG0010", "Type cannot be stored",
        "'{0}' is {1} and cannot be stored; use a class, record or record struct",
        DiagnosticSeverity.Error,
        "Static classes, ref structs and file-local types cannot be stored in a generated store. Use a class, a record or a record struct.");

    public static readonly DiagnosticDescriptor InvalidExpiresAt = Rule(
        "SG0018", "Invalid [ExpiresAt] member",
        "[ExpiresAt] on '{0}' {1}; mark one DateTimeOffset or DateTimeOffset? member",
        DiagnosticSeverity.Error,
        "The store reads one instant per item to expire it; a DateTime has no offset and two members would be ambiguous. Mark exactly one DateTimeOffset or DateTimeOffset? member with [ExpiresAt].");

    public static readonly DiagnosticDescriptor StoreNameCollision = Rule(
        "SG0013", "Generated type name collides with an existing name",
        "{0} for '{1}' would be named '{2}', but {3}; {4}",
        DiagnosticSeverity.Error,
        "The generated store, its codec or its other generated types would have the same name as a type, namespace, member or another store that already exists, and the build would fail with a duplicate definition. Rename one of them or choose another name with [Store(Name = ...)].");

    public static readonly DiagnosticDescriptor GeneratedNameClash = Rule(
        "SG0020", "Name clashes with a generated member",
        "{0} '{1}' on '{2}' clashes with {3}; {4}",
        DiagnosticSeverity.Error,
        "Generated stores add members named after the key and indexed members (Get, FindBy..., Where...) and use some fixed names (Key, Shape, Snapshot...); a member whose name produces one that already exists would not compile. Rename the member, or name the index with [Index(Name = ...)].");

    public static readonly DiagnosticDescriptor UnsupportedKeyType = Rule(
        "SG0021", "Key or indexed member has a type generated code cannot compare",
        "{0} member '{1}' of '{2}' has type '{3}', which {4}; use a type with value equality, such as string, a number, an enum, Guid or a record",
        DiagnosticSeverity.Error,
        "Keys and indexes compare values with EqualityComparer<T>.Default in generated code; dynamic and pointer types cannot be used there. Use a type with value equality.");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Rule(
        "SG0022", "C# language version too old for StoreGen",
        "'{0}' is compiled as C# {1}, but the code StoreGen generates for it needs C# {2} or later; set <LangVersion>{2}</LangVersion> or later in the project",
        DiagnosticSeverity.Error,
        "The generated code uses language features of the minimum C# version StoreGen supports; an older LangVersion would make it fail to compile. Raise <LangVersion> or remove it to use the SDK default.");

    public static readonly DiagnosticDescriptor NotPersistable = Rule(
        "SG0019", "Type cannot be persisted",
        "'{0}' works in memory but cannot be persisted: {1}",
        DiagnosticSeverity.Warning,
        "The store works in memory, but the generated snapshot codec cannot write this type, or a restore would lose some of its values (state no constructor parameter or setter restores, two members with one JSON name, a clashing former name), so persisting it is refused. Mark the member's type [StoreSerializable], use a supported type, make the member a constructor parameter or init-settable, rename it, or do not persist this store.");

    public static readonly DiagnosticDescriptor InternalError = Rule(
        "SG0099", "StoreGen could not process a declaration",
        "StoreGen could not process '{0}': {1}. Please report this with the declaration.",
        DiagnosticSeverity.Error,
        "The generator met something it did not expect and reports it instead of failing the build silently. Please report it with the declaration that triggers it.");

    // ---- advice (analyzers) -----------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor KeyWithoutValueEquality = Rule(
        "SG0011", "Key member type has no value equality",
        "Key member '{1}' of '{0}' has type '{2}', which {3}; two equal keys would not find each other",
        DiagnosticSeverity.Warning,
        "The store finds items by hashing and comparing their keys; with reference equality or a mutable struct, equal keys do not find each other. Use a type with value equality, such as string, a number, Guid, a record or a readonly record struct, or override Equals and GetHashCode.");

    public static readonly DiagnosticDescriptor MutableKeyMember = Rule(
        "SG0012", "Key or indexed member can change after the item is stored",
        "{2} member '{1}' of '{0}' can be changed after the item is stored, which would leave the store's indexes pointing at the wrong slot; {3}",
        DiagnosticSeverity.Warning,
        "The store indexes an item by its key and indexed members when it is stored; if one changes afterwards, the indexes point at the wrong slot. Make the member init-only or readonly; the code fix does it.");


    public static readonly DiagnosticDescriptor MutableEntityState = Rule(
        "SG0014", "Stored type has mutable state",
        "Member '{1}' of '{0}' {2}; stored items are shared across threads without copying, so {3}",
        DiagnosticSeverity.Warning,
        "Stored items are handed to every reader without copying, so state that can change is shared across threads. Use init-only properties, readonly fields and read-only or immutable collections; the code fix does it where it can.");

    public static readonly DiagnosticDescriptor UnsynchronizedStore = Rule(
        "SG0015", "Hand-written store writes shared collections without synchronization",
        "'{0}' implements {1} and writes '{2}' ({3}) with no lock, Interlocked, Volatile, concurrent or immutable collection; concurrent readers can see it torn; use a generated store or synchronize",
        DiagnosticSeverity.Warning,
        "A store is read from many threads; a Dictionary or List written while another thread reads it can return wrong results, throw or loop forever. Use a generated store, or protect every write with a lock, Interlocked or a concurrent or immutable collection.");

    public static readonly DiagnosticDescriptor TooManyKeys = Rule(
        "SG0016", "More key values than the store has key members",
        "'{0}' has {1} key member(s) ({2}) but GetByKeys is given {3} values; it would throw StoreException",
        DiagnosticSeverity.Error,
        "GetByKeys takes a prefix of the key members in order; more values than there are key members always throws StoreException. Pass at most one value per key member.");

    public static readonly DiagnosticDescriptor WrongKeyType = Rule(
        "SG0017", "Key value of the wrong type",
        "Key member '{1}' of '{0}' (position {2}) is '{3}' but the value given is '{4}'; GetByKeys would throw StoreException",
        DiagnosticSeverity.Warning,
        "GetByKeys compares each value with the key member at its position; a value of another type never matches and throws StoreException. Pass a value of the key member's type, or use the typed Get and Find methods.");

    public static readonly DiagnosticDescriptor UnmappedLiveKey = Rule(
        "SG0023", "Key member has no live-backend column type",
        "Key member '{1}' of '{0}' has type '{2}', which {3} cannot store as a key column; the store would be refused when the backend starts; use string, an integer, bool, Guid, an enum, decimal, double or a date/time type",
        DiagnosticSeverity.Warning,
        "A live backend stores the key as typed columns or an encoded Redis key; a key member of another type has no such form, and the backend refuses the store when it starts. Key the store by a member of a supported type, or keep the store in memory.");

    private static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, helpLinkUri: HelpLinkBase + id + ".md");
}
