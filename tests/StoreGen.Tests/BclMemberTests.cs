using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>JSON documents and sorted or immutable dictionaries persist and restore as they were stored.</summary>
public sealed class BclMemberTests : System.IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-bcl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Json_documents_and_sorted_and_immutable_dictionaries_round_trip_through_a_snapshot()
    {
        using var body = JsonDocument.Parse("""{"spec":{"replicas":3,"tags":["a","b"]},"ok":true}""");
        var stored = new Document(
            "d1",
            body.RootElement.Clone(),
            JsonDocument.Parse("[1,2.5,null]").RootElement.Clone(),
            JsonNode.Parse("""{"nested":{"x":"y"}}"""),
            new JsonObject { ["count"] = 7 },
            new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 },
            ImmutableSortedDictionary.CreateRange(new Dictionary<string, string> { ["z"] = "last", ["m"] = "mid" }),
            ImmutableDictionary<string, long>.Empty.Add("n", 42));
        var empty = new Document("d2", default, null, null, null, new SortedDictionary<string, int>(), ImmutableSortedDictionary<string, string>.Empty, ImmutableDictionary<string, long>.Empty);
        var store = new DocumentStore();
        store.UpsertMany(new[] { stored, empty });
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "documents.json"));
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        Assert.True(await group.PersistAsync());

        var restored = new DocumentStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(backend, new[] { restored }).RestoreAsync());
        var back = restored.Get("d1")!;
        Assert.Equal(stored.Body.GetRawText(), back.Body.GetRawText());
        Assert.Equal(stored.MaybeBody!.Value.GetRawText(), back.MaybeBody!.Value.GetRawText());
        Assert.Equal(stored.Node!.ToJsonString(), back.Node!.ToJsonString());
        Assert.Equal(7, (int)back.Object!["count"]!);
        Assert.IsType<SortedDictionary<string, int>>(back.Sorted);
        Assert.Equal(new[] { "a", "b" }, back.Sorted.Keys);
        Assert.Equal(new[] { ("m", "mid"), ("z", "last") }, back.ImmutableSorted.Select(p => (p.Key, p.Value)));
        Assert.Equal(42, back.ImmutableMap["n"]);

        var none = restored.Get("d2")!;
        Assert.Equal(JsonValueKind.Null, none.Body.ValueKind);   // a default JsonElement holds no value: it persists as null
        Assert.Null(none.MaybeBody);
        Assert.Null(none.Node);
        Assert.Null(none.Object);
        Assert.Empty(none.Sorted);
    }
}
