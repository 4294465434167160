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
}

/// <summary>
/// A value's codec: its kind, its C# type (fully qualified), and for containers the element's codec. Numbers carry
/// the reader method (<c>GetInt32</c>…); enums their member names; lists how to build the collection
/// (<c>Array</c>, <c>List</c>, <c>ImmutableArray</c>); objects the codec class to call.
/// </summary>
internal sealed record ValueCodec(ValueKind Kind, string Type, ValueCodec? Element, string Detail, EquatableArray<string> EnumMembers);

/// <summary>One persisted member: its C# name, JSON name, codec, and constructor position (-1: set by initializer).</summary>
internal sealed record CodecMember(string Name, string JsonName, ValueCodec Codec, int ConstructorPosition, bool NonNullableReference);

/// <summary>How an entity is written and rebuilt: its members, the constructor arity used, and the codec class name.</summary>
internal sealed record CodecModel(string CodecName, EquatableArray<CodecMember> Members, int ConstructorArity, string? Unsupported);
