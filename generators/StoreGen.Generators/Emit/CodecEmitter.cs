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
                    WriteValue(w, member.Codec, "item." + Identifier(member.Name), member.Name, 0);
                }
                w.Line("writer.WriteEndObject();");
            }
            w.Line();
            w.Line("/// <summary>Reads one JSON object (the reader is on its start) into a new item; unknown properties are skipped.</summary>");
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
                using (w.Block($"while (reader.Read() && reader.TokenType == {Token}.PropertyName)"))
                {
                    bool first = true;
                    foreach (var member in codec.Members)
                    {
                        w.Line($"{(first ? "if" : "else if")} (reader.ValueTextEquals(\"{member.JsonName}\"u8))");
                        first = false;
                        w.Line("{");
                        w.Line("    reader.Read();");
                        using (Indent(w))
                        {
                            ReadValue(w, member.Codec, Local(member), 0);
                        }
                        w.Line("}");
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
                var positional = codec.Members.Where(m => m.ConstructorPosition >= 0).OrderBy(m => m.ConstructorPosition).Select(Local);
                var initialized = codec.Members.Where(m => m.ConstructorPosition < 0).Select(m => $"{Identifier(m.Name)} = {Local(m)}").ToList();
                string construct = $"new {entity}({string.Join(", ", positional)})";
                w.Line(initialized.Count == 0 ? $"return {construct};" : $"return {construct} {{ {string.Join(", ", initialized)} }};");
            }
        }
    }

    private static string Local(CodecMember member) => "read" + member.Name;

    /// <summary>A member name as C# source: <c>event</c> → <c>@event</c>.</summary>
    private static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>Writes <paramref name="value"/>; pattern variables are named after the member, as they leak into the method's scope.</summary>
    private static void WriteValue(SourceWriter w, ValueCodec codec, string value, string member, int depth)
    {
        string v = "value" + member + depth.ToString(CultureInfo.InvariantCulture);
        switch (codec.Kind)
        {
            case ValueKind.String:
            case ValueKind.DateTime:
            case ValueKind.DateTimeOffset:
            case ValueKind.Guid:
                w.Line($"writer.WriteStringValue({value});");
                break;
            case ValueKind.Bool:
                w.Line($"writer.WriteBooleanValue({value});");
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
                string arms = string.Concat(codec.EnumMembers.Select(name => $"{codec.Type}.{Identifier(name)} => \"{name}\", "));
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
                        w.Line($"writer.WritePropertyName({v}.Key);");
                        WriteValue(w, codec.Element!, v + ".Value", member, depth + 1);
                    }
                    w.Line("writer.WriteEndObject();");
                }
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
            case ValueKind.String: w.Line($"{target} = reader.GetString()!;"); break;
            case ValueKind.Bool: w.Line($"{target} = reader.GetBoolean();"); break;
            case ValueKind.Number: w.Line($"{target} = reader.{codec.Detail}();"); break;
            case ValueKind.DateTime: w.Line($"{target} = reader.GetDateTime();"); break;
            case ValueKind.DateTimeOffset: w.Line($"{target} = reader.GetDateTimeOffset();"); break;
            case ValueKind.Guid: w.Line($"{target} = reader.GetGuid();"); break;
            case ValueKind.TimeSpan: w.Line($"{target} = global::System.TimeSpan.ParseExact({text}, \"c\", {Invariant});"); break;
            case ValueKind.DateOnly: w.Line($"{target} = global::System.DateOnly.ParseExact({text}, \"O\", {Invariant});"); break;
            case ValueKind.TimeOnly: w.Line($"{target} = global::System.TimeOnly.ParseExact({text}, \"O\", {Invariant});"); break;
            case ValueKind.Enum:
                string arms = string.Concat(codec.EnumMembers.Select(name => $"\"{name}\" => {codec.Type}.{Identifier(name)}, "));
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
                    w.Line($"{target} = {(codec.Detail == "ImmutableDictionary" ? $"global::System.Collections.Immutable.ImmutableDictionary.CreateRange(map{d})" : $"map{d}")};");
                }
                break;
            case ValueKind.Object:
                w.Line($"{target} = reader.TokenType == {Token}.Null ? default! : {codec.Detail}.Read(ref reader);");
                break;
        }
    }

    private static System.IDisposable Indent(SourceWriter w) => w.Indented();

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
