using System.Globalization;
using System.Linq;
using StoreGen.Generators.Model;

namespace StoreGen.Generators.Emit;

/// <summary>
/// Writes <c>{Type}JsonCodec</c>: reflection-free JSON for one entity with <c>Utf8JsonWriter</c>/<c>Utf8JsonReader</c>
/// (enums by name through generated switches, dates in ISO 8601, collections and string-keyed dictionaries, nested
/// [Store]/[StoreSerializable] types through their own codecs).
/// </summary>
internal static class CodecEmitter
{
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Token = "global::System.Text.Json.JsonTokenType";
    private const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    public static void Emit(SourceWriter w, string entity, string accessibility, CodecModel codec)
    {
        w.Line($"/// <summary>Reads and writes <see cref=\"{entity}\"/> as JSON for snapshots (generated; no reflection).</summary>");
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"StoreGen\", \"{StoreEmitter.Version}\")]");
        using (w.Block($"{accessibility} static class {codec.CodecName}"))
        {
            if (codec.Unsupported is { } problem)
            {
                w.Line($"private const string Unsupported = \"{Escape(problem)}\";");
                w.Line();
                w.Line("/// <summary>Always throws: this type has members StoreGen cannot persist (see diagnostic SG0019).</summary>");
                w.Line($"public static void Write({Writer} writer, in {entity} item) => throw new global::System.NotSupportedException(Unsupported);");
                w.Line();
                w.Line("/// <summary>Always throws: this type has members StoreGen cannot persist (see diagnostic SG0019).</summary>");
                w.Line($"public static {entity} Read(ref {Reader} reader) => throw new global::System.NotSupportedException(Unsupported);");
                return;
            }
            // Property names encoded once: the writer then copies them without validating or escaping per item.
            foreach (var member in codec.Members)
            {
                w.Line($"private static readonly global::System.Text.Json.JsonEncodedText {member.Name}Json = global::System.Text.Json.JsonEncodedText.Encode(\"{member.JsonName}\"u8);");
            }
            w.Line();
            w.Line("/// <summary>Writes <paramref name=\"item\"/> as a JSON object.</summary>");
            using (w.Block($"public static void Write({Writer} writer, in {entity} item)"))
            {
                w.Line("writer.WriteStartObject();");
                foreach (var member in codec.Members)
                {
                    w.Line($"writer.WritePropertyName({member.Name}Json);");
                    WriteValue(w, member.Codec, "item." + Identifiers.Escape(member.Name), member.Name, 0);
                }
                w.Line("writer.WriteEndObject();");
            }
            w.Line();
            EmitRead(w, entity, codec);
        }
    }

    /// <summary>
    /// The reader: one branch per member name (and former name), a bit per member that cannot simply stay null when
    /// absent, and after the loop — only when some bit is missing — the defaults, or an error naming the member.
    /// </summary>
    private static void EmitRead(SourceWriter w, string entity, CodecModel codec)
    {
        var tracked = codec.Members.Where(m => m.Absence != MemberAbsence.Null || m.FormerNames.Count > 0).ToList();
        int words = (tracked.Count + 63) / 64;
        string Bit(CodecMember m) => $"{Seen(tracked.IndexOf(m))} & ({Mask(tracked.IndexOf(m))})";
        if (tracked.Any(m => m.Absence == MemberAbsence.TypeDefault))
        {
            string arguments = string.Join(", ", Enumerable.Repeat("default!", codec.ConstructorArity));
            var required = codec.Members.Where(m => m.IsRequired).Select(m => $"{Identifiers.Escape(m.Name)} = default!").ToList();
            w.Line($"private static {entity}? defaults;");
            w.Line();
            w.Line("/// <summary>An item built the type's own way: where a snapshot lacks a member, it keeps this one's value (created on first need).</summary>");
            w.Line($"private static {entity} Defaults => defaults ??= new {entity}({arguments}){(required.Count == 0 ? "" : $" {{ {string.Join(", ", required)} }}")};");
            w.Line();
        }
        w.Line("/// <summary>");
        w.Line("/// Reads one JSON object (the reader is on its start) into a new item. Unknown properties are skipped; an absent");
        w.Line("/// member gets its default, or the read fails naming it (see the restore rules in docs/persistence.md).");
        w.Line("/// </summary>");
        using (w.Block($"public static {entity} Read(ref {Reader} reader)"))
        {
            w.Line($"if (reader.TokenType != {Token}.StartObject)");
            w.Line("{");
            w.Line($"    throw new global::System.Text.Json.JsonException(\"expected an object for {entity.Replace("global::", "")}, found \" + reader.TokenType);");
            w.Line("}");
            foreach (var member in codec.Members)
            {
                w.Line($"{member.Codec.Type} {Local(member)} = default!;");
            }
            for (int word = 0; word < words; word++)
            {
                w.Line($"ulong seen{word} = 0;");
            }
            using (w.Block($"while (reader.Read() && reader.TokenType == {Token}.PropertyName)"))
            {
                bool first = true;
                foreach (var member in codec.Members)
                {
                    EmitBranch(w, member, $"reader.ValueTextEquals(\"{member.JsonName}\"u8)", first, tracked.IndexOf(member));
                    first = false;
                }
                foreach (var member in codec.Members.Where(m => m.FormerNames.Count > 0))
                {
                    // A former name is read only when the current one was not (seen so far): the current name wins.
                    string names = string.Join(" || ", member.FormerNames.Select(n => $"reader.ValueTextEquals(\"{n}\"u8)"));
                    EmitBranch(w, member, $"({names}) && ({Bit(member)}) == 0", first: false, tracked.IndexOf(member));
                }
                if (codec.Members.Count > 0)
                {
                    w.Line("else");
                    w.Line("{");
                    w.Line("    reader.Read();");
                    w.Line("    reader.Skip();");
                    w.Line("}");
                }
                else
                {
                    w.Line("reader.Read();");
                    w.Line("reader.Skip();");
                }
            }
            if (words > 0)
            {
                var complete = Enumerable.Range(0, words).Select(word =>
                {
                    int bits = System.Math.Min(64, tracked.Count - word * 64);
                    ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
                    return $"seen{word} != 0x{mask.ToString("X", CultureInfo.InvariantCulture)}UL";
                });
                using (w.Block($"if ({string.Join(" || ", complete)})"))
                {
                    foreach (var member in tracked.Where(m => m.Absence != MemberAbsence.Null))
                    {
                        string absent = member.Absence switch
                        {
                            MemberAbsence.Literal => $"{Local(member)} = {member.DefaultValue};",
                            MemberAbsence.TypeDefault => $"{Local(member)} = Defaults.{Identifiers.Escape(member.Name)}!;",
                            _ => $"throw global::StoreGen.Persistence.SnapshotCodec.MissingMember(\"{entity.Replace("global::", "")}\", \"{member.Name}\", \"{member.JsonName}\");",
                        };
                        w.Line($"if (({Bit(member)}) == 0) {absent}");
                    }
                }
            }
            var positional = codec.Members.Where(m => m.ConstructorPosition >= 0).OrderBy(m => m.ConstructorPosition).Select(Local);
            var initialized = codec.Members.Where(m => m.ConstructorPosition < 0).Select(m => $"{Identifiers.Escape(m.Name)} = {Local(m)}").ToList();
            string construct = $"new {entity}({string.Join(", ", positional)})";
            w.Line(initialized.Count == 0 ? $"return {construct};" : $"return {construct} {{ {string.Join(", ", initialized)} }};");
        }
    }

    /// <summary>The word holding tracked member <paramref name="n"/>'s bit: <c>seen0</c>.</summary>
    private static string Seen(int n) => "seen" + (n / 64).ToString(CultureInfo.InvariantCulture);

    /// <summary>Tracked member <paramref name="n"/>'s bit in its word: <c>1UL &lt;&lt; 3</c>.</summary>
    private static string Mask(int n) => "1UL << " + (n % 64).ToString(CultureInfo.InvariantCulture);

    /// <summary>One member's branch of the property loop; <paramref name="tracked"/> is its bit's number, or -1.</summary>
    private static void EmitBranch(SourceWriter w, CodecMember member, string condition, bool first, int tracked)
    {
        w.Line($"{(first ? "if" : "else if")} ({condition})");
        w.Line("{");
        w.Line("    reader.Read();");
        using (Indent(w))
        {
            ReadValue(w, member.Codec, Local(member), 0);
            if (tracked >= 0)
            {
                w.Line($"{Seen(tracked)} |= {Mask(tracked)};");
            }
        }
        w.Line("}");
    }

    private static string Local(CodecMember member) => "read" + member.Name;

    /// <summary>Writes <paramref name="value"/>; pattern variables are named after the member, as they leak into the method's scope.</summary>
    private static void WriteValue(SourceWriter w, ValueCodec codec, string value, string member, int depth)
    {
        string v = "value" + member + depth.ToString(CultureInfo.InvariantCulture);
        switch (codec.Kind)
        {
            case ValueKind.String:
                w.Line($"global::StoreGen.Persistence.SnapshotCodec.WriteString(writer, {value});");
                break;
            case ValueKind.DateTime:
            case ValueKind.DateTimeOffset:
            case ValueKind.Guid:
                w.Line($"writer.WriteStringValue({value});");
                break;
            case ValueKind.Bool:
                w.Line($"writer.WriteBooleanValue({value});");
                break;
            case ValueKind.Number when codec.Detail is "GetDouble" or "GetSingle":
                w.Line($"global::StoreGen.Persistence.SnapshotCodec.WriteNumber(writer, {value});");   // NaN and infinities as strings
                break;
            case ValueKind.Number:
                w.Line($"writer.WriteNumberValue({value});");
                break;
            case ValueKind.TimeSpan:
                w.Line($"writer.WriteStringValue({value}.ToString(\"c\", {Invariant}));");
                break;
            case ValueKind.DateOnly:
            case ValueKind.TimeOnly:
                w.Line($"writer.WriteStringValue({value}.ToString(\"O\", {Invariant}));");
                break;
            case ValueKind.Enum:
                string arms = string.Concat(codec.EnumMembers.Select(name => $"{codec.Type}.{Identifiers.Escape(name)} => \"{name}\", "));
                w.Line($"writer.WriteStringValue({value} switch {{ {arms}var other => unchecked((long)other).ToString({Invariant}) }});");
                break;
            case ValueKind.Nullable:
                using (w.Block($"if ({value} is {{ }} {v})"))
                {
                    WriteValue(w, codec.Element!, v, member, depth + 1);
                }
                w.Line("else");
                w.Line("{");
                w.Line("    writer.WriteNullValue();");
                w.Line("}");
                break;
            case ValueKind.List:
                using (w.Block(codec.Detail == "ImmutableArray" ? $"if ({value}.IsDefault)" : $"if ({value} is null)"))
                {
                    w.Line("writer.WriteNullValue();");
                }
                using (w.Block("else"))
                {
                    w.Line("writer.WriteStartArray();");
                    if (IsIndexedInterface(codec.Type))
                    {
                        // foreach over an interface allocates an enumerator per item written; an index does not.
                        string i = "i" + depth.ToString(CultureInfo.InvariantCulture);
                        using (w.Block($"for (int {i} = 0; {i} < {value}.Count; {i}++)"))
                        {
                            WriteValue(w, codec.Element!, $"{value}[{i}]", member, depth + 1);
                        }
                    }
                    else
                    {
                        using (w.Block($"foreach (var {v} in {value})"))
                        {
                            WriteValue(w, codec.Element!, v, member, depth + 1);
                        }
                    }
                    w.Line("writer.WriteEndArray();");
                }
                break;
            case ValueKind.Dictionary:
                using (w.Block($"if ({value} is null)"))
                {
                    w.Line("writer.WriteNullValue();");
                }
                using (w.Block("else"))
                {
                    w.Line("writer.WriteStartObject();");
                    using (w.Block($"foreach (var {v} in {value})"))
                    {
                        w.Line($"global::StoreGen.Persistence.SnapshotCodec.WritePropertyName(writer, {v}.Key);");
                        WriteValue(w, codec.Element!, v + ".Value", member, depth + 1);
                    }
                    w.Line("writer.WriteEndObject();");
                }
                break;
            case ValueKind.Json when codec.Detail == "JsonElement":
                // A default JsonElement holds no value: written as null, as an absent JSON value reads back.
                w.Line($"if ({value}.ValueKind == global::System.Text.Json.JsonValueKind.Undefined) writer.WriteNullValue(); else {value}.WriteTo(writer);");
                break;
            case ValueKind.Json:
                w.Line($"if ({value} is null) writer.WriteNullValue(); else {value}.WriteTo(writer);");
                break;
            case ValueKind.Object:
                // A nullable member may hold null (CS8604 otherwise); for a struct the pattern always matches.
                using (w.Block($"if ({value} is {{ }} {v})"))
                {
                    w.Line($"{codec.Detail}.Write(writer, {v});");
                }
                w.Line("else");
                w.Line("{");
                w.Line("    writer.WriteNullValue();");
                w.Line("}");
                break;
        }
    }

    private static bool IsIndexedInterface(string type) =>
        type.StartsWith("global::System.Collections.Generic.IReadOnlyList<", System.StringComparison.Ordinal)
        || type.StartsWith("global::System.Collections.Generic.IList<", System.StringComparison.Ordinal);

    private static void ReadValue(SourceWriter w, ValueCodec codec, string target, int depth)
    {
        string d = depth.ToString(CultureInfo.InvariantCulture);
        string text = "reader.GetString()!";
        switch (codec.Kind)
        {
            case ValueKind.String: w.Line($"{target} = global::StoreGen.Persistence.SnapshotCodec.ReadString(ref reader);"); break;
            case ValueKind.Number when codec.Detail is "GetDouble" or "GetSingle":
                w.Line($"{target} = global::StoreGen.Persistence.SnapshotCodec.Read{codec.Detail.Substring(3)}(ref reader);");
                break;
            case ValueKind.Bool: w.Line($"{target} = reader.GetBoolean();"); break;
            case ValueKind.Number: w.Line($"{target} = reader.{codec.Detail}();"); break;
            case ValueKind.DateTime: w.Line($"{target} = reader.GetDateTime();"); break;
            case ValueKind.DateTimeOffset: w.Line($"{target} = reader.GetDateTimeOffset();"); break;
            case ValueKind.Guid: w.Line($"{target} = reader.GetGuid();"); break;
            case ValueKind.TimeSpan: w.Line($"{target} = global::System.TimeSpan.ParseExact({text}, \"c\", {Invariant});"); break;
            case ValueKind.DateOnly: w.Line($"{target} = global::System.DateOnly.ParseExact({text}, \"O\", {Invariant});"); break;
            case ValueKind.TimeOnly: w.Line($"{target} = global::System.TimeOnly.ParseExact({text}, \"O\", {Invariant});"); break;
            case ValueKind.Enum:
                string arms = string.Concat(codec.EnumMembers.Select(name => $"\"{name}\" => {codec.Type}.{Identifiers.Escape(name)}, "));
                w.Line($"{target} = {text} switch {{ {arms}var other => ({codec.Type})long.Parse(other, {Invariant}) }};");
                break;
            case ValueKind.Nullable:
                using (w.Block($"if (reader.TokenType == {Token}.Null)"))
                {
                    w.Line($"{target} = null;");
                }
                using (w.Block("else"))
                {
                    w.Line($"{codec.Element!.Type} value{d};");
                    ReadValue(w, codec.Element!, "value" + d, depth + 1);
                    w.Line($"{target} = value{d};");
                }
                break;
            case ValueKind.List:
                using (w.Block($"if (reader.TokenType == {Token}.Null)"))
                {
                    w.Line($"{target} = default!;");
                }
                using (w.Block("else"))
                {
                    w.Line($"var list{d} = new global::System.Collections.Generic.List<{codec.Element!.Type}>();");
                    using (w.Block($"while (reader.Read() && reader.TokenType != {Token}.EndArray)"))
                    {
                        w.Line($"{codec.Element!.Type} element{d};");
                        ReadValue(w, codec.Element!, "element" + d, depth + 1);
                        w.Line($"list{d}.Add(element{d});");
                    }
                    w.Line($"{target} = {codec.Detail switch
                    {
                        "List" => $"list{d}",
                        "ImmutableArray" => $"global::System.Collections.Immutable.ImmutableArray.CreateRange(list{d})",
                        "ImmutableList" => $"global::System.Collections.Immutable.ImmutableList.CreateRange(list{d})",
                        _ => $"list{d}.ToArray()",
                    }};");
                }
                break;
            case ValueKind.Dictionary:
                using (w.Block($"if (reader.TokenType == {Token}.Null)"))
                {
                    w.Line($"{target} = default!;");
                }
                using (w.Block("else"))
                {
                    w.Line($"var map{d} = new global::System.Collections.Generic.Dictionary<string, {codec.Element!.Type}>();");
                    using (w.Block($"while (reader.Read() && reader.TokenType == {Token}.PropertyName)"))
                    {
                        w.Line($"string key{d} = reader.GetString()!;");
                        w.Line("reader.Read();");
                        w.Line($"{codec.Element!.Type} entry{d};");
                        ReadValue(w, codec.Element!, "entry" + d, depth + 1);
                        w.Line($"map{d}[key{d}] = entry{d};");
                    }
                    w.Line($"{target} = {codec.Detail switch
                    {
                        "ImmutableDictionary" => $"global::System.Collections.Immutable.ImmutableDictionary.CreateRange(map{d})",
                        "ImmutableSortedDictionary" => $"global::System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(map{d})",
                        "SortedDictionary" => $"new global::System.Collections.Generic.SortedDictionary<string, {codec.Element!.Type}>(map{d})",
                        _ => $"map{d}",
                    }};");
                }
                break;
            case ValueKind.Json when codec.Detail == "JsonElement":
                w.Line($"{target} = global::System.Text.Json.JsonElement.ParseValue(ref reader);");
                break;
            case ValueKind.Json:
                w.Line($"{target} = ({codec.Type})global::System.Text.Json.Nodes.JsonNode.Parse(ref reader)!;");
                break;
            case ValueKind.Object:
                w.Line($"{target} = reader.TokenType == {Token}.Null ? default! : {codec.Detail}.Read(ref reader);");
                break;
        }
    }

    private static System.IDisposable Indent(SourceWriter w) => w.Indented();

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
