using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StoreGen;

/// <summary>
/// A store operation was rejected. Says which store, which operation and which keys, and wraps the cause if any.
/// Nothing is changed by a rejected operation.
/// </summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception; the message is composed from the store, operation, keys and reason.</summary>
    public StoreException(string storeName, string operation, IReadOnlyList<object?> keys, string reason, Exception? innerException = null)
        : base(Compose(storeName, operation, keys, reason), innerException)
    {
        StoreName = storeName;
        Operation = operation;
        Keys = keys;
        Reason = reason;
    }

    /// <summary>The store, e.g. <c>IngressStore</c>.</summary>
    public string StoreName { get; }

    /// <summary>The operation, e.g. <c>Upsert</c> or <c>GetByKeys</c>.</summary>
    public string Operation { get; }

    /// <summary>The key values that were asked for (may be partial or empty).</summary>
    public IReadOnlyList<object?> Keys { get; }

    /// <summary>Why the operation was rejected, without the store/operation/keys prefix.</summary>
    public string Reason { get; }

    /// <summary>Formats key values the way messages show them: <c>[default, web]</c>.</summary>
    public static string FormatKeys(IReadOnlyList<object?> keys) =>
        "[" + string.Join(", ", keys.Select(FormatValue)) + "]";

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Compose(string storeName, string operation, IReadOnlyList<object?> keys, string reason) =>
        $"{storeName}.{operation} {FormatKeys(keys)}: {reason}";
}
