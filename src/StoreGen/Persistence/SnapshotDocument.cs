using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace StoreGen.Persistence;

/// <summary>
/// The snapshot document: several stores persisted together, so they restore consistently with each other (the
/// claims/XR cache keeps claims and XRs in one snapshot.json). Format 1:
/// <code>
/// { "format": 1, "persistedAt": "2026-11-22T10:00:00+00:00",
///   "stores": { "ClaimStore": { "version": 42, "items": [ … ] }, "XrStore": { … } } }
/// </code>
/// A reader rejects a format newer than it knows with a clear error rather than guessing.
/// </summary>
public static class SnapshotDocument
{
    /// <summary>The format this version writes and the newest it reads.</summary>
    public const int Format = 1;

    /// <summary>Writes every store's current snapshot into one document; returns the bytes and each store's version.</summary>
    public static (byte[] Document, IReadOnlyDictionary<string, long> Versions) Write(IReadOnlyList<IPersistableStore> stores, DateTimeOffset persistedAt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", Format);
            writer.WriteString("persistedAt", persistedAt);
            writer.WriteStartObject("stores");
            foreach (var store in stores)
            {
                writer.WriteStartObject(store.StoreName);
                writer.WritePropertyName("items");
                long version = store.WriteItems(writer);
                writer.WriteNumber("version", version);
                writer.WriteEndObject();
                versions[store.StoreName] = version;
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return (buffer.WrittenSpan.ToArray(), versions);
    }

    /// <summary>
    /// Checks the whole document and reads and checks every store's items (keys, duplicates, unique indexes), and
    /// only then applies them all: nothing is restored unless every store's items are sound. A store missing from the
    /// document is an error (the document is for other stores). Each store is replaced (or merged into, see
    /// <see cref="RestoreMode"/>) atomically; a reader may see one store restored before the next. Throws
    /// <see cref="SnapshotFormatException"/> naming the store, Restore, and the item (its index and byte offset) or keys.
    /// </summary>
    public static DateTimeOffset Restore(ReadOnlySpan<byte> document, IReadOnlyList<IPersistableStore> stores, RestoreMode mode = RestoreMode.Replace)
    {
        var (persistedAt, sections) = Scan(document);
        var missing = stores.Where(s => !sections.ContainsKey(s.StoreName)).Select(s => s.StoreName).ToList();
        if (missing.Count > 0)
        {
            throw new SnapshotFormatException($"the snapshot holds no items for {string.Join(", ", missing)} (it holds {string.Join(", ", sections.Keys)})");
        }
        var pending = new List<PendingRestore>(stores.Count);
        foreach (var store in stores)
        {
            var (start, length) = sections[store.StoreName];
            var items = document.Slice(start, length);
            var reader = new Utf8JsonReader(items);
            try
            {
                reader.Read();
                pending.Add(store.ReadItems(ref reader));
            }
            catch (StoreException exception)
            {
                throw new SnapshotFormatException(exception.Message + "; nothing was restored", exception);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                long offset = reader.TokenStartIndex;
                throw new SnapshotFormatException(
                    $"{store.StoreName}.Restore: {SnapshotItems.Describe(items, offset, start, exception, store)}; nothing was restored", exception);
            }
        }
        pending.ForEach(p => p.Apply(mode));   // every store read and checked: now apply them all
        return persistedAt;
    }

    /// <summary>Validates the envelope and finds each store's items array (byte offsets into the document).</summary>
    private static (DateTimeOffset PersistedAt, Dictionary<string, (int Start, int Length)> Sections) Scan(ReadOnlySpan<byte> document)
    {
        var sections = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        int? format = null;
        DateTimeOffset persistedAt = default;
        try
        {
            var reader = new Utf8JsonReader(document);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "the snapshot is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "format":
                        int number = 0;
                        Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out number), "the snapshot's format is not a whole number");
                        format = number;
                        Expect(format <= Format, $"the snapshot has format {format}, newer than this StoreGen reads ({Format}); upgrade StoreGen to read it");
                        break;
                    case "persistedAt":
                        Expect(reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out persistedAt), "the snapshot's persistedAt is not a date");
                        break;
                    case "stores":
                        Expect(format is not null, "the snapshot's format comes after its stores");
                        ScanStores(ref reader, sections);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            Expect(reader.TokenType == JsonTokenType.EndObject && !reader.Read(), "the snapshot has trailing data");
        }
        catch (JsonException exception)
        {
            throw new SnapshotFormatException("the snapshot is not valid JSON (corrupt or truncated): " + exception.Message, exception);
        }
        Expect(format is not null, "the snapshot has no format");
        return (persistedAt, sections);
    }

    private static void ScanStores(ref Utf8JsonReader reader, Dictionary<string, (int, int)> sections)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, "'stores' is not an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string store = reader.GetString()!;
            reader.Read();
            Expect(reader.TokenType == JsonTokenType.StartObject, $"store '{store}' is not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (name == "items")
                {
                    Expect(reader.TokenType == JsonTokenType.StartArray, $"the items of '{store}' are not an array");
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    sections[store] = (start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new SnapshotFormatException(problem);
        }
    }
}
