using System.Globalization;
using System.Linq;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the store's live-backend key schema: a nested <c>LiveCodec</c> struct (key member names, their
/// <c>LiveColumnType</c>s, typed key accessors, and the item codec) and the store's <c>ILiveStore</c> members, so
/// live backends (PostgreSQL, Redis) create typed key columns and bind typed values without reflection. A key member
/// with no mapping is marked <c>Unsupported</c>; a live backend refuses such a store at startup, naming the member.
/// </summary>
internal static class KeySchemaEmitter
{
    private const string Live = "global::StoreGen.Live";

    public static void Emit(SourceWriter w, EmitContext c)
    {
        var m = c.Model;
        var columns = m.Keys.Select(key => Column(key, m.Codec)).ToList();
        w.Line($"{Live}.LiveKeySchema {Live}.ILiveStore.LiveKeySchema => LiveCodec.Schema;");
        w.Line();
        w.Line($"{Live}.LiveLink? {Live}.ILiveStore.Live => _engine.Live;");
        w.Line();
        w.Line($"{Live}.LiveLink {Live}.ILiveStore.AttachLive({Live}.LiveLinkOptions options) => _engine.AttachLive<LiveCodec>(options);");
        w.Line();
        w.Line("/// <summary>The key and item as live backends store them.</summary>");
        using (w.Block($"private readonly struct LiveCodec : {Live}.ILiveCodec<{c.KeyType}, {c.Entity}>"))
        {
            string names = string.Join(", ", m.Keys.Select(k => "\"" + k.Name + "\""));
            string types = string.Join(", ", columns.Select(col => $"{Live}.LiveColumnType.{col.Type}"));
            w.Line($"public static {Live}.LiveKeySchema Schema {{ get; }} = new(new[] {{ {names} }}, new[] {{ {types} }});");
            w.Line();
            using (w.Block($"public static void WriteKey(in {c.KeyType} key, {Live}.ILiveKeyWriter writer)"))
            {
                for (int n = 0; n < m.Keys.Count; n++)
                {
                    var col = columns[n];
                    string at = n.ToString(CultureInfo.InvariantCulture);
                    w.Line(col.Type == "Unsupported"
                        ? $"// {m.Keys[n].Name}: no live column type (the schema marks it Unsupported)"
                        : $"writer.{col.Type}({at}, {col.Cast}key.{m.Keys[n].Identifier});");
                }
            }
            w.Line();
            w.Line($"public static void WriteItem(global::System.Text.Json.Utf8JsonWriter writer, in {c.Entity} item) => {m.Codec.CodecName}.Write(writer, item);");
            w.Line();
            w.Line($"public static {c.Entity} ReadItem(ref global::System.Text.Json.Utf8JsonReader reader) => {m.Codec.CodecName}.Read(ref reader);");
        }
    }

    /// <summary>The column type of a key member, and the cast its value needs (enums and small integers widen).</summary>
    private static (string Type, string Cast) Column(MemberModel key, CodecModel codec)
    {
        var kind = codec.Members.FirstOrDefault(member => member.Name == key.Name)?.Codec.Kind;
        if (kind == ValueKind.Enum)
        {
            return ("Int64", "(long)");
        }
        return key.Type switch
        {
            "string" => ("Text", ""),
            "short" => ("Int16", ""),
            "byte" or "sbyte" => ("Int16", "(short)"),
            "int" => ("Int32", ""),
            "ushort" => ("Int32", "(int)"),
            "long" => ("Int64", ""),
            "uint" => ("Int64", "(long)"),
            "double" => ("Double", ""),
            "decimal" => ("Decimal", ""),
            "bool" => ("Boolean", ""),
            "global::System.Guid" => ("Guid", ""),
            "global::System.DateTimeOffset" => ("DateTimeOffset", ""),
            "global::System.DateTime" => ("DateTime", ""),
            "global::System.DateOnly" => ("Date", ""),
            "global::System.TimeOnly" => ("Time", ""),
            "global::System.TimeSpan" => ("Interval", ""),
            _ => ("Unsupported", ""),
        };
    }
}
