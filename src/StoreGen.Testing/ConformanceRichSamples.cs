using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace StoreGen.Testing;

/// <summary>Full <see cref="ConformanceRich"/> items, and the check that one came back whole.</summary>
public static class ConformanceRichSamples
{
    /// <summary>An item whose members all differ from the defaults (and from item <paramref name="n"/> + 1's).</summary>
    public static ConformanceRich Sample(string id, int n) => new(
        id, (byte)(200 + n % 50), (sbyte)(-100 - n % 20), (short)(-30_000 + n), (ushort)(60_000 + n), uint.MaxValue - (uint)n, ulong.MaxValue - (ulong)n,
        1.5f + n, n % 2 == 0 ? Guid.NewGuid() : null, n % 2 == 0 ? new DateTimeOffset(2026, 11, 23, 8, 0, n % 60, TimeSpan.FromHours(-5)) : null,
        n % 2 == 0 ? Volume.High : null, n % 3 == 0 ? null : n % 2 == 0,
        new[] { n, -n, int.MaxValue }, new List<DateOnly> { new(2026, 1, 1 + n % 28), DateOnly.MaxValue },
        ImmutableArray.Create(long.MinValue, n), ImmutableList.Create("ä", "🚩" + n),
        new Dictionary<string, string> { ["k"] = "v" + n, ["ключ"] = "" }, ImmutableDictionary<string, double>.Empty.Add("pi", 3.25 + n),
        ImmutableDictionary<string, bool>.Empty.Add("on", n % 2 == 0), ImmutableSortedDictionary<string, int>.Empty.Add("z", n).Add("a", -n),
        JsonDocument.Parse("{\"n\":" + n + ",\"nested\":{\"list\":[1,\"two\",null,true]}}").RootElement.Clone(),
        JsonNode.Parse($"[{n}, \"x\"]"), new JsonObject { ["answer"] = 42 + n }, new JsonArray(1, "b", null),
        new ConformanceDetail("detail " + n, ImmutableArray.Create(n, n + 1)), new[] { new ConformanceDetail("a", ImmutableArray<int>.Empty), new ConformanceDetail("b", ImmutableArray.Create(7)) });

    /// <summary>Asserts that <paramref name="actual"/> holds what <paramref name="expected"/> held: the same codec JSON, and spot checks that do not rely on the codec.</summary>
    public static void AssertSame(ConformanceRich expected, ConformanceRich? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Json(expected), Json(actual));
        Assert.Equal((expected.Byte, expected.SByte, expected.Short, expected.UShort, expected.UInt, expected.ULong, expected.Float),
            (actual.Byte, actual.SByte, actual.Short, actual.UShort, actual.UInt, actual.ULong, actual.Float));
        Assert.Equal((expected.MaybeGuid, expected.MaybeAt, expected.MaybeVolume, expected.MaybeFlag), (actual.MaybeGuid, actual.MaybeAt, actual.MaybeVolume, actual.MaybeFlag));
        Assert.Equal(expected.Numbers, actual.Numbers);
        Assert.Equal(expected.Days, actual.Days);
        Assert.Equal(expected.Immutable.ToArray(), actual.Immutable.ToArray());   // ImmutableArray compares by reference
        Assert.Equal(expected.ImmutableList, actual.ImmutableList);
        Assert.Equal(expected.Map, actual.Map);
        Assert.Equal(expected.ImmutableMap, actual.ImmutableMap);
        Assert.Equal(expected.ImmutableMapInterface, actual.ImmutableMapInterface);
        Assert.Equal(expected.ImmutableSorted, actual.ImmutableSorted);
        Assert.Equal(JsonSerializer.Serialize(expected.Document), JsonSerializer.Serialize(actual.Document));   // a database may reformat whitespace
        Assert.Equal(expected.Node?.ToJsonString(), actual.Node?.ToJsonString());
        Assert.Equal(expected.Object?.ToJsonString(), actual.Object?.ToJsonString());
        Assert.Equal(expected.Items?.ToJsonString(), actual.Items?.ToJsonString());
        Assert.Equal(expected.Detail.Name, actual.Detail.Name);
        Assert.Equal(expected.Detail.Scores.ToArray(), actual.Detail.Scores.ToArray());
        Assert.Equal(expected.Details.Select(d => d.Name + ":" + string.Join(",", d.Scores)), actual.Details.Select(d => d.Name + ":" + string.Join(",", d.Scores)));
    }

    private static string Json(ConformanceRich item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ConformanceRichJsonCodec.Write(writer, item);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
