namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes the store's <c>IPersistableStore</c> implementation: its items as a JSON array through the entity's codec,
/// and back through the engine's restore path (checked before anything is applied; no write guards or limits).
/// </summary>
internal static class PersistableEmitter
{
    public static void Emit(SourceWriter w, EmitContext c)
    {
        string codec = c.Model.Codec.CodecName;
        w.Line("long global::StoreGen.Persistence.IPersistableStore.WriteItems(global::System.Text.Json.Utf8JsonWriter writer)");
        w.Line("{");
        w.Line("    var snapshot = Snapshot();");
        w.Line("    writer.WriteStartArray();");
        w.Line("    foreach (var item in snapshot)");
        w.Line("    {");
        w.Line($"        {codec}.Write(writer, item);");
        w.Line("    }");
        w.Line("    writer.WriteEndArray();");
        w.Line("    return snapshot.Version;");
        w.Line("}");
        w.Line();
        w.Line("global::StoreGen.Persistence.PendingRestore global::StoreGen.Persistence.IPersistableStore.ReadItems(ref global::System.Text.Json.Utf8JsonReader reader)");
        w.Line("{");
        w.Line("    var items = _engine.BeginRestore();");
        w.Line("    while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndArray)");
        w.Line("    {");
        w.Line($"        items.Add({codec}.Read(ref reader));");
        w.Line("    }");
        w.Line("    return items.Finish();   // checks keys and unique indexes; the store changes only when the restore is applied");
        w.Line("}");
        w.Line();
    }
}
