using System;

namespace StoreGen;

/// <summary>
/// Declares that StoreGen generates a typed, lock-free, indexed in-memory store for the annotated type.
/// </summary>
/// <example>
/// <code>
/// [Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
/// public partial record Ingress(string Namespace, string Name, string Host);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class StoreAttribute : Attribute
{
    /// <summary>The members, in order, that form the unique primary key. Required.</summary>
    public string[] Keys { get; set; } = Array.Empty<string>();

    /// <summary>The generated store type's name; defaults to <c>{Type}Store</c>.</summary>
    public string? Name { get; set; }
}
