using System.Text.Json;

namespace StoreGen.Persistence;

/// <summary>
/// A store whose items can be written to and read from a snapshot document. Every generated store implements it
/// with a generated, reflection-free codec (<see cref="Utf8JsonWriter"/>/<see cref="Utf8JsonReader"/>).
/// </summary>
public interface IPersistableStore
{
    /// <summary>The store's name; its key in a snapshot document.</summary>
    string StoreName { get; }

    /// <summary>The store's current version.</summary>
    long Version { get; }

    /// <summary>
    /// Writes one consistent snapshot of the items as a JSON array and returns the version it holds. Reads only:
    /// writers keep going while it runs.
    /// </summary>
    long WriteItems(Utf8JsonWriter writer);

    /// <summary>
    /// Reads a JSON array of items (the reader is on its start) and checks them — keys, duplicate keys, unique
    /// indexes — without changing the store; applying the result makes the store hold exactly those items (or merges
    /// them), atomically, and cannot fail. Throws if any item cannot be read (a <see cref="System.Text.Json.JsonException"/>)
    /// or is rejected (a <see cref="StoreException"/> naming the store, Restore and the keys).
    /// </summary>
    PendingRestore ReadItems(ref Utf8JsonReader reader);
}
