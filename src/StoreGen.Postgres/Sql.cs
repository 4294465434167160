namespace StoreGen.Postgres;

/// <summary>SQL text helpers: identifiers are always quoted (embedded quotes doubled); values go in parameters.</summary>
internal static class Sql
{
    /// <summary><c>"name"</c>, with any <c>"</c> doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", System.StringComparison.Ordinal) + "\"";

    /// <summary>A string literal for DDL (where parameters are not allowed), with any <c>'</c> doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", System.StringComparison.Ordinal) + "'";
}
