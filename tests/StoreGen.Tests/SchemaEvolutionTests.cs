using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StoreGen.Persistence;
using StoreGen.Tests.Evolution;
using Xunit;

namespace StoreGen.Tests;

/// <summary>A snapshot written by an older (or newer) shape of an entity restores correctly or fails clearly.</summary>
public sealed class SchemaEvolutionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-evolution-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A snapshot of <paramref name="count"/> first-release messages, as the store named <paramref name="storeName"/> will read it.</summary>
    private static byte[] OldSnapshot(string storeName, int count = 1000)
    {
        var old = new MessageV1Store();
        old.UpsertMany(Enumerable.Range(0, count).Select(n => new MessageV1($"m{n}", $"payload {n}", n % 5)));
        var (document, _) = SnapshotDocument.Write(new IPersistableStore[] { old }, DateTimeOffset.UnixEpoch);
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(document).Replace("\"MessageV1Store\"", $"\"{storeName}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_renamed_member_without_its_former_name_fails_clearly_and_the_old_values_are_kept()
    {
        string path = Path.Combine(_directory, "renamed.json");
        byte[] snapshot = OldSnapshot("MessageRenamedStore");
        await File.WriteAllBytesAsync(path, snapshot);
        var store = new MessageRenamedStore();
        var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new[] { store });

        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        var error = Assert.IsType<SnapshotFormatException>(group.RestoreError);
        int offset = Encoding.UTF8.GetString(snapshot).IndexOf("[{", StringComparison.Ordinal) + 1;
        Assert.StartsWith($"MessageRenamedStore.Restore: item 0 (byte {offset}", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'body' for member Body, which has no default (it has id, payload, priority)", error.Message, StringComparison.Ordinal);
        Assert.Contains("[StoreFormerName]", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
        store.Upsert(new MessageRenamed("new", "body", 1));
        await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal(snapshot, await File.ReadAllBytesAsync(path));   // the old values are not erased
    }

    [Fact]
    public void A_former_name_and_defaults_restore_an_older_snapshot()
    {
        var store = new MessageV2Store();
        SnapshotDocument.Restore(OldSnapshot("MessageV2Store"), new[] { store });

        Assert.Equal(1000, store.Count);
        var item = store.Get("m7")!;
        Assert.Equal("payload 7", item.Body);                   // from its former name
        Assert.Equal(2, item.Priority);
        Assert.Equal("email", item.Channel);                    // constructor defaults
        Assert.Equal(3, item.Retries);
        Assert.Null(item.ReplyTo);
        Assert.Equal(new[] { "untagged" }, item.Tags);          // initializer defaults
        Assert.Equal(0.5, item.Score);
        Assert.DoesNotContain(store, m => m.Body is null);
    }

    [Fact]
    public void The_current_name_wins_over_a_former_one_in_either_order()
    {
        var store = new MessageV2Store();
        string document = "{\"format\":1,\"stores\":{\"MessageV2Store\":{\"items\":["
            + "{\"id\":\"a\",\"payload\":\"old\",\"body\":\"new\",\"priority\":1},"
            + "{\"id\":\"b\",\"body\":\"new\",\"payload\":\"old\",\"priority\":1,\"channel\":\"sms\",\"tags\":[],\"score\":2}]}}}";
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { store });
        Assert.Equal(new[] { "new", "new" }, store.Select(m => m.Body));
        Assert.Equal("sms", store.Get("b")!.Channel);
        Assert.Empty(store.Get("b")!.Tags);
        Assert.Equal(2, store.Get("b")!.Score);
    }

    [Fact]
    public void A_changed_key_is_reported_as_a_changed_key()
    {
        var error = Assert.Throws<SnapshotFormatException>(() =>
            SnapshotDocument.Restore(OldSnapshot("MessageRekeyedStore", 3), new[] { new MessageRekeyedStore() }));
        Assert.Contains("MessageRekeyedStore.Restore: item 0 (byte", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'key' for key member Key (it has id, payload, priority): the store's key changed since the snapshot was written", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_member_the_snapshot_lacks_is_an_error_naming_it()
    {
        var store = new MessageStrictStore();
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Restore(OldSnapshot("MessageStrictStore", 2), new[] { store }));
        Assert.Contains("MessageStrictStore.Restore: item 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no 'owner' for member Owner, which has no default", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void An_older_release_ignores_members_it_does_not_know()
    {
        var newer = new MessageV3Store();
        newer.Upsert(new MessageV3("a", "p", 4, "eu", new System.Collections.Generic.Dictionary<string, double> { ["x"] = 1 }));
        var (document, _) = SnapshotDocument.Write(new IPersistableStore[] { newer }, DateTimeOffset.UnixEpoch);
        var older = new MessageV1Store();
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(document).Replace("MessageV3Store", "MessageV1Store", StringComparison.Ordinal)), new[] { older });
        Assert.Equal(new MessageV1("a", "p", 4), older.Get("a"));
    }

    [Fact]
    public void Constructor_defaults_of_every_kind_fill_what_the_snapshot_lacks()
    {
        var store = new DefaultedStore();
        string document = "{\"format\":1,\"stores\":{\"DefaultedStore\":{\"items\":[{\"id\":\"a\"},{\"id\":\"b\",\"older\":\"x\"},{\"id\":\"c\",\"oldName\":\"y\"}]}}}";
        SnapshotDocument.Restore(Encoding.UTF8.GetBytes(document), new[] { store });
        var a = store.Get("a")!;
        Assert.Equal(new Defaulted("a"), a with { Ratio = double.NaN });
        Assert.True(double.IsNaN(a.Ratio));
        Assert.Equal((0.3f, 1e-300), (a.Share, a.Weight));
        Assert.Equal((Tier.Pro, 0.1234567890123456789012345678m, -3, "say \"hi\"\n", float.NegativeInfinity, (long?)null, long.MinValue, DayOfWeek.Friday, true, "default"),
            (a.Tier, a.Rate, a.Offset, a.Quote, a.Limit, a.Big, a.Huge, a.Day, a.Enabled, a.Renamed));
        Assert.Equal("x", store.Get("b")!.Renamed);   // former names, as given or in JSON form
        Assert.Equal("y", store.Get("c")!.Renamed);
    }
}
