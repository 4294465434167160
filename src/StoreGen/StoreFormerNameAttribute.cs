using System;

namespace StoreGen;

/// <summary>
/// A name this member had in snapshots written before it was renamed: restoring reads the member from either name
/// (the current name wins when a document has both). Give the former C# name or its JSON form (<c>Payload</c> or
/// <c>payload</c>); repeat the attribute for several. On a positional record, put it on the parameter.
/// </summary>
/// <example><code>public partial record Message(string Id, [StoreFormerName("payload")] string Body);</code></example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = true, Inherited = false)]
public sealed class StoreFormerNameAttribute(string name) : Attribute
{
    /// <summary>The former name.</summary>
    public string Name { get; } = name;
}
