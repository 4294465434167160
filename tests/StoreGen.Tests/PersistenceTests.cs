using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-persist-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task Every_supported_member_type_round_trips_through_a_file_snapshot()
    {
        var store = new EverythingStore();
        store.UpsertMany(Enumerable.Range(0, 20).Select(EverythingSamples.Sample));
        var group = new PersistentStoreGroup(new FileSnapshotBackend(PathOf("everything.json")), new[] { store });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        Assert.True(await group.PersistAsync());

        var restored = new EverythingStore();
        var again = new PersistentStoreGroup(new FileSnapshotBackend(PathOf("everything.json")), new[] { restored });
        Assert.Equal(RestoreOutcome.Restored, await again.RestoreAsync());
        Assert.Equal(20, restored.Count);
        foreach (var item in store)
        {
            EverythingSamples.AssertSame(item, restored.Get(item.Id)!);
        }
    }

    [Fact]
    public async Task Several_stores_persist_as_one_document_and_restore_together_with_compression()
    {
        var ingresses = new IngressStore();
        ingresses.UpsertMany(Enumerable.Range(0, 100).Select(n => Make.Ingress($"ns{n % 3}", $"i{n}", uid: n)));
        var placements = new PlacementStore();
        placements.Upsert(new Placement { Region = "eu", Shard = 1, Tier = Tier.Pro, Owner = "team" });
        var backend = new FileSnapshotBackend(PathOf("stores.json.gz"), compress: true);
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { ingresses, placements });
        await group.RestoreAsync();
        Assert.True(await group.PersistAsync());
        Assert.False(await group.PersistAsync());                 // nothing changed: nothing written
        var written = File.GetLastWriteTimeUtc(backend.Path);
        Assert.Equal(0x1F, File.ReadAllBytes(backend.Path)[0]);   // gzip

        var (ingresses2, placements2) = (new IngressStore(), new PlacementStore());
        var restore = new PersistentStoreGroup(backend, new IPersistableStore[] { ingresses2, placements2 });
        Assert.Equal(RestoreOutcome.Restored, await restore.RestoreAsync());
        Assert.Equal(ingresses.ToArray(), ingresses2.ToArray());
        Assert.Equal("team", placements2.Get("eu", 1, Tier.Pro)!.Owner);
        Invariants.Check(ingresses2.Snapshot());

        ingresses.Upsert(Make.Ingress("ns0", "new", uid: 1000));
        Assert.True(await group.PersistAsync());
    }

    [Fact]
    public async Task A_snapshot_in_a_newer_format_fails_the_restore_is_kept_and_blocks_persisting_until_data_loss_is_accepted()
    {
        string path = PathOf("future.json");
        string future = "{\"format\":2,\"persistedAt\":\"2030-01-01T00:00:00+00:00\",\"stores\":{}}";
        await File.WriteAllTextAsync(path, future);
        var store = new IngressStore();
        var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new[] { store });

        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.Contains("format 2, newer than this StoreGen reads (1)", group.RestoreError!.Message);
        Assert.Equal(0, store.Count);

        store.Upsert(Make.Ingress("ns", "partial", uid: 1));
        var refused = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("Persist", refused.Operation);
        Assert.Contains("could not be restored", refused.Message);
        Assert.Contains("AcceptDataLoss()", refused.Message);
        Assert.Equal(future, await File.ReadAllTextAsync(path));   // kept, byte for byte

        group.AcceptDataLoss();
        Assert.True(await group.PersistAsync());
        Assert.Contains("partial", await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("{\"format\":1,\"stores\":{\"IngressStore\":{\"items\":[{\"namespace\":\"a\"")]   // truncated
    [InlineData("not json at all")]
    [InlineData("{\"format\":1,\"stores\":{\"OtherStore\":{\"items\":[]}}}")]                          // for other stores
    [InlineData("{\"format\":1,\"stores\":{\"IngressStore\":{\"items\":[{\"port\":\"eighty\"}]}}}")]   // wrong type
    public async Task A_corrupt_snapshot_restores_nothing_and_is_never_deleted(string corrupt)
    {
        string path = PathOf("corrupt.json");
        await File.WriteAllTextAsync(path, corrupt);
        var store = new IngressStore();
        store.Upsert(Make.Ingress("ns", "before", uid: 1));
        var group = new PersistentStoreGroup(new FileSnapshotBackend(path), new[] { store });
        Assert.Equal(RestoreOutcome.Failed, await group.RestoreAsync());
        Assert.IsType<SnapshotFormatException>(group.RestoreError);
        Assert.Equal(new[] { "before" }, store.Select(i => i.Name));   // nothing restored, nothing lost
        await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal(corrupt, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_leaves_every_store_of_the_group_unchanged()
    {
        var backend = new FileSnapshotBackend(PathOf("pair.json"));
        var (a, b) = (new IngressStore(), new InvoiceStore());
        a.Upsert(Make.Ingress("ns", "x", uid: 1));
        b.Upsert(new Invoice(1, Tier.Free, 10m));
        var writer = new PersistentStoreGroup(backend, new IPersistableStore[] { a, b });
        await writer.RestoreAsync();
        await writer.PersistAsync();
        string json = await File.ReadAllTextAsync(backend.Path);
        await File.WriteAllTextAsync(backend.Path, json.Replace("\"amount\":10", "\"amount\":\"ten\""));

        var (a2, b2) = (new IngressStore(), new InvoiceStore());
        Assert.Equal(RestoreOutcome.Failed, await new PersistentStoreGroup(backend, new IPersistableStore[] { a2, b2 }).RestoreAsync());
        Assert.Equal(0, a2.Count);   // read fine, but not applied because InvoiceStore failed
        Assert.Equal(0, b2.Count);
    }

    [Fact]
    public void The_document_names_its_format_stores_versions_and_time()
    {
        var store = new InvoiceStore();
        store.Upsert(new Invoice(7, Tier.Enterprise, 1.5m));
        var (document, versions) = SnapshotDocument.Write(new IPersistableStore[] { store }, DateTimeOffset.UnixEpoch);
        Assert.Equal(
            "{\"format\":1,\"persistedAt\":\"1970-01-01T00:00:00+00:00\",\"stores\":{\"InvoiceStore\":{\"items\":[{\"number\":7,\"tier\":\"Enterprise\",\"amount\":1.5}],\"version\":1}}}",
            Encoding.UTF8.GetString(document));
        Assert.Equal(1, versions["InvoiceStore"]);
    }

    [Fact]
    public async Task A_store_that_cannot_be_serialized_fails_the_persist_clearly_and_leaves_the_snapshot_alone()
    {
        var backend = new FileSnapshotBackend(PathOf("unserializable.json"));
        var invoices = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { invoices, new Unserializable() });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        invoices.Upsert(new Invoice(1, Tier.Free, 1m));
        var error = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("InvoiceStore+Unserializable.Persist []: the stores could not be serialized, nothing was written to file "
            + backend.Path + ": Stream members cannot be persisted", error.Message);
        Assert.IsType<NotSupportedException>(error.InnerException);
        Assert.False(File.Exists(backend.Path));
    }

    /// <summary>What a generated codec does for a type with members it cannot persist (SG0019): throws when used.</summary>
    private sealed class Unserializable : IPersistableStore
    {
        public string StoreName => "Unserializable";

        public long Version => 1;

        public long WriteItems(System.Text.Json.Utf8JsonWriter writer) => throw new NotSupportedException("Stream members cannot be persisted");

        public PendingRestore ReadItems(ref System.Text.Json.Utf8JsonReader reader) => throw new NotSupportedException("Stream members cannot be persisted");
    }
}
