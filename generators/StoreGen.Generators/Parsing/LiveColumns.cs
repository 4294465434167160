using Microsoft.CodeAnalysis;

namespace StoreGen.Generators.Parsing;

/// <summary>
/// The live-backend column type of a key member: the name of a <c>StoreGen.Live.LiveColumnType</c> member, and the
/// cast the generated key writer applies (enums and small integers widen). One mapping for the generated key schema
/// (KeySchemaEmitter) and SG0023 (LiveKeyAnalyzer, which links this file), so the warning and the schema a live
/// backend refuses cannot disagree.
/// </summary>
internal static class LiveColumns
{
    /// <summary>No column type: a live backend refuses the store at startup, naming the member.</summary>
    public const string Unsupported = "Unsupported";

    /// <summary>The column type and cast for a key of <paramref name="type"/>; nullable types have none (a key is never null).</summary>
    public static (string Type, string Cast) Of(ITypeSymbol type)
    {
        if (type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            return (Unsupported, "");
        }
        if (type.TypeKind == TypeKind.Enum)
        {
            return ("Int64", "(long)");
        }
        return type.SpecialType switch
        {
            SpecialType.System_String => ("Text", ""),
            SpecialType.System_Int16 => ("Int16", ""),
            SpecialType.System_Byte or SpecialType.System_SByte => ("Int16", "(short)"),
            SpecialType.System_Int32 => ("Int32", ""),
            SpecialType.System_UInt16 => ("Int32", "(int)"),
            SpecialType.System_Int64 => ("Int64", ""),
            SpecialType.System_UInt32 => ("Int64", "(long)"),
            SpecialType.System_Double => ("Double", ""),
            SpecialType.System_Decimal => ("Decimal", ""),
            SpecialType.System_Boolean => ("Boolean", ""),
            SpecialType.System_DateTime => ("DateTime", ""),
            _ => type.ToDisplayString() switch
            {
                "System.Guid" => ("Guid", ""),
                "System.DateTimeOffset" => ("DateTimeOffset", ""),
                "System.DateOnly" => ("Date", ""),
                "System.TimeOnly" => ("Time", ""),
                "System.TimeSpan" => ("Interval", ""),
                _ => (Unsupported, ""),
            },
        };
    }
}
