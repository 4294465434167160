using System.Collections.Generic;
using System.Linq;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Emit;

/// <summary>Names and fragments shared by the emitters for one store.</summary>
internal sealed class EmitContext
{
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string ReadOnlyCollection = "global::System.Collections.Generic.IReadOnlyCollection";
    public const string Enumerable = "global::System.Collections.Generic.IEnumerable";
    public const string EnumeratorInterface = "global::System.Collections.Generic.IEnumerator";
    public const string Comparer = "global::System.Collections.Generic.EqualityComparer";
    public const string MaybeNullWhenFalse = "[global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)]";

    public EmitContext(StoreModel model)
    {
        Model = model;
        Entity = model.EntityType;
        Lookups = Lookup.For(model);
        KeyParameters = string.Join(", ", model.Keys.Select(k => $"{k.Type} {k.ParameterName}"));
        KeyArguments = string.Join(", ", model.Keys.Select(k => k.ParameterName));
        KeyType = Parsing.GeneratedNames.KeyType(model.Keys.Select(k => k.Name));
    }

    /// <summary>The generated key struct's name: <c>Key</c>, or <c>PrimaryKey</c> when a key member is itself named Key (and so on).</summary>
    public string KeyType { get; }

    public StoreModel Model { get; }

    /// <summary>The entity type, fully qualified: <c>global::Demo.Ingress</c>.</summary>
    public string Entity { get; }

    public IReadOnlyList<Lookup> Lookups { get; }

    /// <summary><c>string @namespace, string name</c>.</summary>
    public string KeyParameters { get; }

    /// <summary><c>@namespace, name</c>.</summary>
    public string KeyArguments { get; }

    /// <summary>Whether the store gets an on-demand variant (class entities: the cache holds references).</summary>
    public bool HasOnDemand => !Model.EntityIsValueType;

    /// <summary>The nullable entity type for "null when missing" results (works for classes and structs alike).</summary>
    public string NullableEntity => Entity + "?";

    /// <summary>The store's nested reader type (a short name for <c>StoreReader&lt;Key, Entity, Shape&gt;</c>, see ShapeEmitter).</summary>
    public string Reader => "Reader";

    public string Enumerator => $"global::StoreGen.Engine.StoreEnumerator<{KeyType}, {Entity}>";

    public string View => $"global::StoreGen.Engine.StoreView<{KeyType}, {Entity}>";
}
