using System.Globalization;
using System.Linq;
using StoreGen.Generators.Model;
using StoreGen.Generators.Parsing;

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
            string types = string.Join(", ", m.Keys.Select(key => $"{Live}.LiveColumnType.{key.LiveColumn}"));
            w.Line($"public static {Live}.LiveKeySchema Schema {{ get; }} = new(new[] {{ {names} }}, new[] {{ {types} }});");
            w.Line();
            using (w.Block($"public static void WriteKey(in {c.KeyType} key, {Live}.ILiveKeyWriter writer)"))
            {
                for (int n = 0; n < m.Keys.Count; n++)
                {
                    var key = m.Keys[n];
                    string at = n.ToString(CultureInfo.InvariantCulture);
                    w.Line(key.LiveColumn == LiveColumns.Unsupported
                        ? $"// {key.Name}: no live column type (the schema marks it Unsupported)"
                        : $"writer.{key.LiveColumn}({at}, {key.LiveCast}key.{key.Identifier});");
                }
            }
            w.Line();
            w.Line($"public static void WriteItem(global::System.Text.Json.Utf8JsonWriter writer, in {c.Entity} item) => {m.Codec.CodecName}.Write(writer, item);");
            w.Line();
            w.Line($"public static {c.Entity} ReadItem(ref global::System.Text.Json.Utf8JsonReader reader) => {m.Codec.CodecName}.Read(ref reader);");
        }
    }
}
