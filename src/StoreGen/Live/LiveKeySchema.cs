using System;
using System.Collections.Generic;

namespace StoreGen.Live;

/// <summary>
/// A store's primary key as a live backend stores it: the key members' names and column types, in key order.
/// Generated per store (no reflection), so a backend can create typed key columns and bind typed parameters.
/// </summary>
public sealed class LiveKeySchema
{
    /// <summary>Creates a schema; <paramref name="names"/> and <paramref name="types"/> are in key order.</summary>
    public LiveKeySchema(IReadOnlyList<string> names, IReadOnlyList<LiveColumnType> types)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(types);
        if (names.Count != types.Count || names.Count == 0)
        {
            throw new ArgumentException("a key schema needs one type per key member, and at least one member");
        }
        Names = names;
        Types = types;
    }

    /// <summary>The key members' names, in key order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The key members' column types, in key order.</summary>
    public IReadOnlyList<LiveColumnType> Types { get; }

    /// <summary>Null when every key member can be stored; otherwise why not, naming the members.</summary>
    public string? Unsupported
    {
        get
        {
            var bad = new List<string>();
            for (int n = 0; n < Names.Count; n++)
            {
                if (Types[n] == LiveColumnType.Unsupported)
                {
                    bad.Add(Names[n]);
                }
            }
            return bad.Count == 0
                ? null
                : $"key member(s) {string.Join(", ", bad)} have a type no live backend can store (use string, integer, bool, Guid, enum, decimal, double or a date/time type)";
        }
    }
}
