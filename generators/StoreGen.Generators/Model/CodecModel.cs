namespace StoreGen.Generators.Model;

/// <summary>How one value is written and read as JSON.</summary>
internal enum ValueKind
{
    String,
    Bool,
    Number,
    Enum,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    DateOnly,
    TimeOnly,
    Guid,
    Nullable,
    List,
    Dictionary,
    Object,
    Json,
}

/// <summary>
/// A value's codec: its kind, its C# type (fully qualified), and for containers the element's codec. Numbers carry
/// the reader method (<c>GetInt32</c>…); enums their member names; lists how to build the collection
/// (<c>Array</c>, <c>List</c>, <c>ImmutableArray</c>); objects the codec class to call.
/// </summary>
internal sealed record ValueCodec(ValueKind Kind, string Type, ValueCodec? Element, string Detail, EquatableArray<string> EnumMembers);

/// <summary>What reading an item does when the document lacks a member (an older shape of the type wrote it).</summary>
internal enum MemberAbsence
{
    /// <summary>The member is nullable and has no other default: it is left null.</summary>
    Null,

    /// <summary>A constructor parameter with a default value: <see cref="CodecMember.DefaultValue"/> is that value as C#.</summary>
    Literal,

    /// <summary>A member set by initializer and not <c>required</c>: it keeps the value the type gives it.</summary>
    TypeDefault,

    /// <summary>Nothing can stand in for it: the item cannot be read.</summary>
    Missing,
}

/// <summary>
/// One persisted member: its C# name, JSON name (and former JSON names, from [StoreFormerName]), codec, constructor
/// position (-1: set by initializer), whether it is a C# <c>required</c> member, and what an absent value becomes.
/// </summary>
internal sealed record CodecMember(string Name, string JsonName, ValueCodec Codec, int ConstructorPosition, bool NonNullableReference,
    EquatableArray<string> FormerNames, bool IsRequired, MemberAbsence Absence, string DefaultValue);

/// <summary>How an entity is written and rebuilt: its members, the constructor arity used, and the codec class name.</summary>
internal sealed record CodecModel(string CodecName, EquatableArray<CodecMember> Members, int ConstructorArity, string? Unsupported);
