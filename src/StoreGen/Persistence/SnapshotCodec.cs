using System;
using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace StoreGen.Persistence;

/// <summary>
/// Not for application code: what generated codecs call where <see cref="Utf8JsonWriter"/> and
/// <see cref="Utf8JsonReader"/> alone would lose data. Non-finite numbers are written as the strings <c>NaN</c>,
/// <c>Infinity</c> and <c>-Infinity</c> (as System.Text.Json's named floating-point literals) and read in either form;
/// strings holding a lone UTF-16 surrogate (which the writer would silently replace with U+FFFD) are written with
/// <c>\uXXXX</c> escapes and read back exactly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SnapshotCodec
{
    /// <summary>Writes <paramref name="value"/>; NaN and infinities as strings.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Writes <paramref name="value"/>; NaN and infinities as strings.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNumber(writer, (double)value);
        }
    }

    /// <summary>Reads a number, or one of the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? reader.GetDouble()
        : reader.ValueTextEquals("NaN"u8) ? double.NaN
        : reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity
        : reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity
        : throw new JsonException($"expected a number, NaN, Infinity or -Infinity, found the string \"{reader.GetString()}\"");

    /// <summary>Reads a number, or one of the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? (float)ReadDouble(ref reader) : reader.GetSingle();

    /// <summary>Writes <paramref name="value"/> (null as JSON null) so that it reads back exactly, lone surrogates included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteString(Utf8JsonWriter writer, string? value)
    {
        if (value is not null && value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            WriteWithSurrogates(writer, value);   // rare: pairs are written as usual, lone ones escaped
            return;
        }
        writer.WriteStringValue(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WriteWithSurrogates(Utf8JsonWriter writer, string value)
    {
        if (HasLoneSurrogate(value))
        {
            writer.WriteRawValue(EscapeLossless(value), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Reads a string (or null) exactly as <see cref="WriteString"/> wrote it.</summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null || !reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
        {
            return Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);   // a lone surrogate
        }
    }

    /// <summary>Writes a dictionary key; refuses one with a lone surrogate (the writer would replace it silently).</summary>
    public static void WritePropertyName(Utf8JsonWriter writer, string name)
    {
        if (HasLoneSurrogate(name))
        {
            throw new NotSupportedException($"the dictionary key \"{EscapeLossless(name).Trim('"')}\" holds a lone UTF-16 surrogate, which a JSON property name cannot keep; it was not written");
        }
        writer.WritePropertyName(name);
    }

    /// <summary>The error for an item that lacks a member its type cannot default (see the restore rules in docs/persistence.md).</summary>
    public static JsonException MissingMember(string type, string member, string jsonName) =>
        new SnapshotMissingMemberException(type, member, jsonName);

    /// <summary>True if <paramref name="text"/> holds a surrogate that is not half of a pair. Vectorized for the common no-surrogate case.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0 && i < text.Length)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
                int next = text[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
                i = next < 0 ? -1 : i + next;
                continue;
            }
            return true;
        }
        return false;
    }

    private static string EscapeLossless(string value)
    {
        var json = new StringBuilder(value.Length + 16).Append('"');
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            bool pair = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (pair)
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                json.Append(JsonEncodedText.Encode(value.AsSpan(start, i - start)).Value)
                    .Append("\\u").Append(((int)value[i]).ToString("X4", CultureInfo.InvariantCulture));
                start = i + 1;
            }
        }
        return json.Append(JsonEncodedText.Encode(value.AsSpan(start)).Value).Append('"').ToString();
    }

    /// <summary>Decodes a JSON string's raw UTF-8 bytes, keeping <c>\uXXXX</c> escapes of lone surrogates as they are.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            int slash = raw.IndexOf((byte)'\\');
            var plain = slash < 0 ? raw : raw[..slash];
            text.Append(Encoding.UTF8.GetString(plain));
            if (slash < 0)
            {
                break;
            }
            byte escape = raw[slash + 1];
            int length = 2;
            switch (escape)
            {
                case (byte)'u':
                    text.Append((char)int.Parse(Encoding.ASCII.GetString(raw.Slice(slash + 2, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    length = 6;
                    break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                default: text.Append((char)escape); break;   // \" \\ \/
            }
            raw = raw[(slash + length)..];
        }
        return text.ToString();
    }
}

/// <summary>An item in a snapshot lacks a member its type cannot default.</summary>
internal sealed class SnapshotMissingMemberException(string type, string member, string jsonName)
    : JsonException($"{type} has no '{jsonName}' for member {member}, which has no default")
{
    public string Type { get; } = type;

    public string Member { get; } = member;

    public string JsonName { get; } = jsonName;
}
