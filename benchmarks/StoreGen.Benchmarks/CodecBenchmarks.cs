using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using StoreGen.Persistence;

namespace StoreGen.Benchmarks;

public enum ClaimPhase
{
    Pending,
    Bound,
    Released,
}

/// <summary>A snapshot item shaped like the claims/XR cache's claim metadata: strings, numbers, an enum, a time, a Guid, a list.</summary>
[Store(Keys = new[] { nameof(Namespace), nameof(Name) })]
[Index(nameof(Kind))]
public partial record ClaimItem(string Namespace, string Name, string Kind, Guid Uid, int Replicas, long Generation, bool Ready,
    ClaimPhase Phase, double Cost, DateTimeOffset CreatedAt, IReadOnlyList<string> Labels);

/// <summary>System.Text.Json's own source-generated context for the same type, configured to write the same JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClaimItem[]))]
public partial class ClaimJsonContext : JsonSerializerContext
{
}

/// <summary>
/// Serializing and deserializing a 100,000-item snapshot: StoreGen's generated codec against System.Text.Json
/// source generation on the same items and the same JSON, plus the full store paths (snapshot write, restore).
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    public const int Items = 100_000;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024 * 1024);
    private ClaimItem[] _items = Array.Empty<ClaimItem>();
    private byte[] _json = Array.Empty<byte>();
    private ClaimItemStore _store = new();

    [GlobalSetup]
    public void Setup()
    {
        var created = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        _items = Enumerable.Range(0, Items).Select(n => new ClaimItem(
            $"team-{n % 500}", $"claim-{n}", n % 3 == 0 ? "PostgreSQLInstance" : "Bucket", new Guid(n, 7, 7, new byte[8]),
            n % 5, 1000L + n, n % 7 != 0, (ClaimPhase)(n % 3), n * 0.125, created.AddSeconds(n),
            new[] { "env=prod", $"owner=team-{n % 500}" })).ToArray();
        _store = new ClaimItemStore();
        _store.UpsertMany(_items);
        _json = JsonSerializer.SerializeToUtf8Bytes(_items, ClaimJsonContext.Default.ClaimItemArray);
        byte[] ours = SerializeStoreGen();
        if (!ours.AsSpan().SequenceEqual(_json))
        {
            throw new InvalidOperationException("the two serializers do not write the same JSON; the comparison would be unfair");
        }
        Console.WriteLine($"// snapshot: {Items} items, {_json.Length:N0} bytes ({_json.Length / 1048576.0:F1} MiB)");
    }

    [Benchmark(Baseline = true, Description = "Serialize: System.Text.Json source-gen")]
    [BenchmarkCategory("serialize")]
    public int SerializeSystemTextJson()
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        JsonSerializer.Serialize(writer, _items, ClaimJsonContext.Default.ClaimItemArray);
        return (int)writer.BytesCommitted;
    }

    [Benchmark(Description = "Serialize: StoreGen codec")]
    [BenchmarkCategory("serialize")]
    public int SerializeStoreGenCodec()
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        writer.WriteStartArray();
        foreach (var item in _items)
        {
            ClaimItemJsonCodec.Write(writer, item);
        }
        writer.WriteEndArray();
        writer.Flush();
        return (int)writer.BytesCommitted;
    }

    [Benchmark(Description = "Serialize: StoreGen store snapshot (WriteItems)")]
    [BenchmarkCategory("serialize")]
    public int SerializeStoreGenStore()
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        ((IPersistableStore)_store).WriteItems(writer);
        writer.Flush();
        return (int)writer.BytesCommitted;
    }

    [Benchmark(Description = "Deserialize: System.Text.Json source-gen")]
    [BenchmarkCategory("deserialize")]
    public int DeserializeSystemTextJson() =>
        JsonSerializer.Deserialize(_json, ClaimJsonContext.Default.ClaimItemArray)!.Length;

    [Benchmark(Description = "Deserialize: StoreGen codec")]
    [BenchmarkCategory("deserialize")]
    public int DeserializeStoreGenCodec()
    {
        var reader = new Utf8JsonReader(_json);
        reader.Read();
        var items = new List<ClaimItem>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(ClaimItemJsonCodec.Read(ref reader));
        }
        return items.Count;
    }

    [Benchmark(Description = "Deserialize: StoreGen store restore (ReadItems + Apply)")]
    [BenchmarkCategory("deserialize")]
    public int RestoreStoreGenStore()
    {
        var reader = new Utf8JsonReader(_json);
        reader.Read();
        var store = new ClaimItemStore();
        ((IPersistableStore)store).ReadItems(ref reader).Apply();
        return store.Count;
    }

    private byte[] SerializeStoreGen()
    {
        SerializeStoreGenCodec();
        return _buffer.WrittenSpan.ToArray();
    }
}
