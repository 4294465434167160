using System.Text.Json;

namespace StoreGen.Live;

/// <summary>
/// What a live backend needs to know about one store's items: the key schema, the key's members typed, and the
/// item's JSON (the store's generated codec). Implemented by a generated <c>struct</c>; not meant to be implemented by hand.
/// </summary>
public interface ILiveCodec<TKey, T>
    where TKey : struct
{
    /// <summary>The key members and their column types.</summary>
    static abstract LiveKeySchema Schema { get; }

    /// <summary>Hands <paramref name="key"/>'s members to <paramref name="writer"/>, typed, in key order.</summary>
    static abstract void WriteKey(in TKey key, ILiveKeyWriter writer);

    /// <summary>Writes <paramref name="item"/> as one JSON object.</summary>
    static abstract void WriteItem(Utf8JsonWriter writer, in T item);

    /// <summary>Reads one JSON object (the reader is on its start).</summary>
    static abstract T ReadItem(ref Utf8JsonReader reader);
}
