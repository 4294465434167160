using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Tests;

/// <summary>A persistent store group's own rules: distinct names, no persisting before a restore, what it reports.</summary>
public sealed class StoreGroupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("storegen-group-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileSnapshotBackend Backend(string name = "stores.json") => new(Path.Combine(_directory, name));

    [Fact]
    public void Two_stores_with_the_same_name_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PersistentStoreGroup(Backend(), new IPersistableStore[] { new InvoiceStore(), new IngressStore(), new InvoiceStore() }));
        Assert.Equal("stores", error.ParamName);
        Assert.Contains("'InvoiceStore'", error.Message, StringComparison.Ordinal);

        Assert.Equal("backend", Assert.Throws<ArgumentNullException>(() => new PersistentStoreGroup(null!, new[] { new InvoiceStore() })).ParamName);
        Assert.Equal("stores", Assert.Throws<ArgumentNullException>(() => new PersistentStoreGroup(Backend(), null!)).ParamName);
    }

    [Fact]
    public async Task Persisting_before_any_restore_is_refused_and_writes_nothing()
    {
        var backend = Backend();
        var store = new InvoiceStore();
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        var group = new PersistentStoreGroup(backend, new IPersistableStore[] { store, new IngressStore() });
        Assert.Equal(RestoreOutcome.NotRestored, group.Outcome);
        Assert.True(group.IsBlocked);

        var refused = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("InvoiceStore+IngressStore", refused.StoreName);
        Assert.Equal("Persist", refused.Operation);
        Assert.Contains("no restore has run", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("AcceptDataLoss()", refused.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(backend.Path));
        Assert.Equal(0, group.LastDocumentSize);
    }

    [Fact]
    public async Task Accepting_data_loss_lets_a_group_persist_without_a_restore()
    {
        var backend = Backend();
        var store = new InvoiceStore();
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        var group = new PersistentStoreGroup(backend, new[] { store });
        group.AcceptDataLoss();
        Assert.False(group.IsBlocked);

        Assert.True(await group.PersistAsync());
        Assert.Equal(new FileInfo(backend.Path).Length, group.LastDocumentSize);
        Assert.False(await group.PersistAsync());   // nothing changed since
    }

    [Fact]
    public async Task A_restore_reports_its_outcome_and_unblocks_persisting()
    {
        var backend = Backend();
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(backend.Location, group.Location);
        Assert.Equal(new[] { "InvoiceStore" }, group.StoreNames);

        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        Assert.Equal(RestoreOutcome.NoSnapshot, group.Outcome);
        Assert.False(group.IsBlocked);
        Assert.Null(group.RestoreError);
        Assert.True(await group.PersistAsync());   // an empty store: the first document

        store.Upsert(new Invoice(2, Tier.Pro, 3m));
        Assert.True(await group.PersistAsync());
        long size = group.LastDocumentSize;
        Assert.Equal(new FileInfo(backend.Path).Length, size);

        var again = new PersistentStoreGroup(backend, new[] { new InvoiceStore() });
        Assert.Equal(RestoreOutcome.Restored, await again.RestoreAsync());
        Assert.False(again.IsBlocked);
        Assert.False(await again.PersistAsync());   // restored exactly what is stored: nothing to write
    }

    [Fact]
    public async Task A_failed_write_names_the_location_and_keeps_the_previous_snapshot()
    {
        string blocked = Path.Combine(_directory, "blocked");
        Directory.CreateDirectory(blocked);
        var backend = Backend("blocked");   // a directory stands where the snapshot file would go
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());   // a directory is no snapshot file
        store.Upsert(new Invoice(1, Tier.Free, 1m));

        var error = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("Persist", error.Operation);
        Assert.Contains(backend.Location, error.Reason, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.True(Directory.Exists(blocked));
        Assert.Equal(0, group.LastDocumentSize);
    }
}
