namespace StoreGen.Generators.Model;

/// <summary>A key or indexed member of the entity.</summary>
/// <param name="Name">The member's name, e.g. <c>Namespace</c>.</param>
/// <param name="Type">Its type, fully qualified with nullable annotations, e.g. <c>string</c> or <c>global::System.Guid</c>.</param>
/// <param name="ParameterName">The parameter name generated methods use for it, escaped if a keyword, e.g. <c>@namespace</c>.</param>
/// <param name="IsReferenceType">Whether null must be rejected when it is a key.</param>
/// <param name="LiveColumn">Its live-backend column type as a key (see <see cref="Parsing.LiveColumns"/>).</param>
/// <param name="LiveCast">The cast the generated key writer applies to it, e.g. <c>(long)</c> for an enum; usually empty.</param>
internal sealed record MemberModel(string Name, string Type, string ParameterName, bool IsReferenceType, string LiveColumn, string LiveCast)
{
    /// <summary>The member's name as C# source, e.g. <c>@class</c>.</summary>
    public string Identifier => Identifiers.Escape(Name);
}
