using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace StoreGen.Persistence;

/// <summary>
/// Another program's snapshot shape, mapped onto StoreGen's, so a deployment that switches to StoreGen restores the
/// file or object the previous program wrote instead of failing on it. For example the claims/XR cache's
/// <c>{"claims": [...], "xrs": [...], "persistedAt": "..."}</c>:
/// <code>
/// group.Layout = new SnapshotLayout("persistedAt").Store("ClaimStore", "claims").Store("XrStore", "xrs");
/// </code>
/// A document with a <c>format</c> member is StoreGen's own and is read as it is; any other object is read through
/// this layout (each mapped property holds that store's items, as the store's codec reads them). With
/// <see cref="WriteForeign"/> the group also writes this shape, so the previous program can still read the snapshot
/// while both run; otherwise it writes StoreGen's format from the first persist on.
/// </summary>
public sealed class SnapshotLayout
{
    private readonly List<(string Store, string Property)> _stores = new();

    /// <summary>A layout whose time of writing is the property <paramref name="persistedAtProperty"/> (null: none).</summary>
    public SnapshotLayout(string? persistedAtProperty = "persistedAt") => PersistedAtProperty = persistedAtProperty;

    /// <summary>The property holding when the document was written, if the layout has one.</summary>
    public string? PersistedAtProperty { get; }

    /// <summary>Whether persisting writes this layout instead of StoreGen's format.</summary>
    public bool WriteForeign { get; init; }

    /// <summary>Maps the store named <paramref name="storeName"/> to the top-level array <paramref name="property"/>.</summary>
    public SnapshotLayout Store(string storeName, string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        ArgumentException.ThrowIfNullOrEmpty(property);
        _stores.Add((storeName, property));
        return this;
    }

    /// <summary>
    /// <paramref name="document"/> in StoreGen's format: unchanged when it already is, else rebuilt from the mapped
    /// properties (a store whose property is absent gets no items). Throws <see cref="SnapshotFormatException"/>
    /// when the document is in neither shape.
    /// </summary>
    public byte[] ToNative(byte[] document)
    {
        using var parsed = Parse(document);
        var root = parsed.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("format", out _))
        {
            return document;   // StoreGen's own (or not an object at all: the native reader says why)
        }
        var known = _stores.Select(s => s.Property).Append(PersistedAtProperty).ToHashSet(StringComparer.Ordinal);
        var unknown = root.EnumerateObject().Select(p => p.Name).Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0 || !_stores.Any(s => root.TryGetProperty(s.Property, out _)))
        {
            throw new SnapshotFormatException($"the snapshot has no format and does not match the configured layout ({Describe()}): it has {string.Join(", ", root.EnumerateObject().Select(p => p.Name))}");
        }
        return Build(writer =>
        {
            writer.WriteNumber("format", SnapshotDocument.Format);
            if (PersistedAtProperty is not null && root.TryGetProperty(PersistedAtProperty, out var at))
            {
                writer.WritePropertyName("persistedAt");
                at.WriteTo(writer);
            }
            writer.WriteStartObject("stores");
            foreach (var (store, property) in _stores)
            {
                writer.WriteStartObject(store);
                writer.WritePropertyName("items");
                if (root.TryGetProperty(property, out var items))
                {
                    items.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                writer.WriteNumber("version", 0);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        });
    }

    /// <summary>A document StoreGen wrote, rewritten in this layout (each mapped store's items under its property).</summary>
    public byte[] FromNative(byte[] document)
    {
        using var parsed = Parse(document);
        var root = parsed.RootElement;
        var stores = root.GetProperty("stores");
        return Build(writer =>
        {
            foreach (var (store, property) in _stores)
            {
                writer.WritePropertyName(property);
                stores.GetProperty(store).GetProperty("items").WriteTo(writer);
            }
            if (PersistedAtProperty is not null)
            {
                writer.WritePropertyName(PersistedAtProperty);
                root.GetProperty("persistedAt").WriteTo(writer);
            }
        });
    }

    private string Describe() =>
        string.Join(", ", _stores.Select(s => $"{s.Store} from '{s.Property}'")) + (PersistedAtProperty is null ? "" : $", persistedAt from '{PersistedAtProperty}'");

    private static JsonDocument Parse(byte[] document)
    {
        try
        {
            return JsonDocument.Parse(document);
        }
        catch (JsonException exception)
        {
            throw new SnapshotFormatException("the snapshot is not valid JSON (corrupt or truncated): " + exception.Message, exception);
        }
    }

    private static byte[] Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
