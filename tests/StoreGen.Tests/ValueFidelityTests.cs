using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StoreGen.Persistence;
using StoreGen.Tests.Evolution;
using Xunit;

namespace StoreGen.Tests;

/// <summary>Every value the store accepts persists and restores exactly: non-finite numbers, any UTF-16 string.</summary>
public sealed class ValueFidelityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-fidelity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly IReadOnlyDictionary<string, double> NoExtra = new Dictionary<string, double>();

    [Fact]
    public async Task NaN_and_infinities_persist_restore_and_keep_persisting()
    {
        var backend = new FileSnapshotBackend(Path.Combine(_directory, "readings.json"));
        var store = new ReadingStore();
        store.Upsert(new Reading("nan", double.NaN, float.NaN, double.NaN, new Dictionary<string, double> { ["up"] = double.PositiveInfinity }));
        store.Upsert(new Reading("inf", double.PositiveInfinity, float.NegativeInfinity, null, NoExtra));
        store.Upsert(new Reading("finite", 1.25, 0.5f, -0.0, NoExtra));
        var group = new PersistentStoreGroup(backend, new[] { store });
        await group.RestoreAsync();
        Assert.True(await group.PersistAsync());
        store.Upsert(new Reading("later", double.NegativeInfinity, 1f, double.PositiveInfinity, NoExtra));
        Assert.True(await group.PersistAsync());                         // every later save still works
        Assert.Contains("\"value\":\"NaN\"", await File.ReadAllTextAsync(backend.Path), StringComparison.Ordinal);

        var restored = new ReadingStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(backend, new[] { restored }).RestoreAsync());
        foreach (var item in store)
        {
            var back = restored.Get(item.Name)!;
            Assert.Equal((item.Value, item.Ratio, item.Optional), (back.Value, back.Ratio, back.Optional));
            Assert.Equal(item.Extra, back.Extra);
        }
    }

    [Fact]
    public void Numbers_and_named_literals_both_read()
    {
        var store = new ReadingStore();
        string document = "{\"format\":1,\"stores\":{\"ReadingStore\":{\"items\":["
            + "{\"name\":\"a\",\"value\":\"-Infinity\",\"ratio\":2.5,\"optional\":\"NaN\",\"extra\":{}},"
            + "{\"name\":\"b\",\"value\":3,\"ratio\":\"Infinity\",\"optional\":null,\"extra\":{}}]}}}";
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { store });
        Assert.Equal(double.NegativeInfinity, store.Get("a")!.Value);
        Assert.True(double.IsNaN(store.Get("a")!.Optional!.Value));
        Assert.Equal(float.PositiveInfinity, store.Get("b")!.Ratio);
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Restore(
            Encoding.UTF8.GetBytes(document.Replace("\"-Infinity\"", "\"lots\"", StringComparison.Ordinal)), new[] { new ReadingStore() }));
        Assert.Contains("ReadingStore.Restore: item 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("found the string \"lots\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Built in code: test-case serialization would itself replace a lone surrogate.</summary>
    private static readonly string[] Names =
    {
        "a" + (char)0xD800 + "b",                   // lone high surrogate
        ((char)0xDC00).ToString(),                  // lone low surrogate
        "x" + (char)0xDC00 + (char)0xD800 + "y",    // a reversed pair: two lone surrogates
        "ok \uD83D\uDE00 \"quoted\" \\ \n",           // a real pair and escapes stay as they are
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Strings_with_any_UTF16_restore_exactly_so_keys_never_change_across_a_restart(int which)
    {
        string name = Names[which];
        var store = new ReadingStore();
        store.Upsert(new Reading(name, 1, 1, null, NoExtra));
        store.Upsert(new Reading(name + "2", 2, 2, null, NoExtra));
        var (document, _) = SnapshotDocument.Write(new IPersistableStore[] { store }, DateTimeOffset.UnixEpoch);
        var restored = new ReadingStore();
        SnapshotDocument.Restore(document, new[] { restored });
        Assert.Equal(store.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal), restored.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(1, restored.Get(name)!.Value);
    }

    [Fact]
    public void A_dictionary_key_with_a_lone_surrogate_is_refused_at_persist_time_not_changed()
    {
        var store = new ReadingStore();
        store.Upsert(new Reading("r", 1, 1, null, new Dictionary<string, double> { ["bad" + (char)0xD800] = 1 }));
        var error = Assert.Throws<NotSupportedException>(() => SnapshotDocument.Write(new IPersistableStore[] { store }, DateTimeOffset.UnixEpoch));
        Assert.Contains("dictionary key \"bad\\uD800\" holds a lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }
}
