using System;

namespace StoreGen;

/// <summary>
/// Declares a secondary index over one or more members of a <see cref="StoreAttribute"/> type.
/// The generated store gets <c>FindBy{Name}(...)</c>, or <c>GetBy{Name}(...)</c> when <see cref="Unique"/> is set.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class IndexAttribute : Attribute
{
    /// <summary>Creates an index over <paramref name="members"/>, in order.</summary>
    public IndexAttribute(params string[] members) => Members = members;

    /// <summary>The indexed members, in order.</summary>
    public string[] Members { get; }

    /// <summary>When true, at most one stored item may have a given value; a write that would break this is rejected.</summary>
    public bool Unique { get; set; }

    /// <summary>The index name used in generated member names; defaults to the member names joined.</summary>
    public string? Name { get; set; }
}
