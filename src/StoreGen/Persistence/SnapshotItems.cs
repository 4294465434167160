using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace StoreGen.Persistence;

/// <summary>Explains why a store's items could not be read: which item, where, and for a missing member what the item has instead.</summary>
internal static class SnapshotItems
{
    /// <summary>
    /// Describes <paramref name="error"/>, raised at <paramref name="offset"/> in the items array <paramref name="items"/>,
    /// which starts at <paramref name="itemsStart"/> in the document. Only runs when a restore fails.
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> items, long offset, long itemsStart, Exception error, IPersistableStore store)
    {
        var (index, start, members) = Locate(items, offset);
        string where = index < 0 ? $"byte {itemsStart + offset}" : $"item {index} (byte {itemsStart + start})";
        if (error is not SnapshotMissingMemberException missing)
        {
            return $"{where} cannot be read: {error.Message}";
        }
        string has = members.Count == 0 ? "it has no members" : "it has " + string.Join(", ", members);
        bool key = store is IIndexedStore indexed && indexed.KeyNames.Contains(missing.Member);
        return key
            ? $"{where} has no '{missing.JsonName}' for key member {missing.Member} ({has}): the store's key changed since the snapshot was written; if {missing.Member} was renamed, declare its former name with [StoreFormerName]"
            : $"{where} has no '{missing.JsonName}' for member {missing.Member}, which has no default ({has}); give {missing.Member} a default, or declare its former name with [StoreFormerName]";
    }

    /// <summary>The index and start of the item holding <paramref name="offset"/>, and its property names (-1 and none if it is not inside an item).</summary>
    private static (int Index, long Start, List<string> Members) Locate(ReadOnlySpan<byte> items, long offset)
    {
        var members = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(items);
            reader.Read();
            for (int index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
            {
                var item = reader;
                long start = reader.TokenStartIndex;
                reader.Skip();
                if (offset >= reader.BytesConsumed)
                {
                    continue;
                }
                if (item.TokenType == JsonTokenType.StartObject)
                {
                    while (item.Read() && item.TokenType == JsonTokenType.PropertyName)
                    {
                        members.Add(item.GetString()!);
                        item.Read();
                        item.Skip();
                    }
                }
                return (index, start, members);
            }
        }
        catch (JsonException)
        {
            // the envelope scan validated the JSON; nothing more to say
        }
        return (-1, -1, members);
    }
}
