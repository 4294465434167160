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

    /// <summary>How long a test waits for a call that must not hang on the group's lock before it fails instead.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

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
        Assert.False(await group.PersistAsync());   // no snapshot and nothing written: nothing to write
        Assert.False(File.Exists(backend.Path));

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
    public async Task A_cancelled_restore_or_persist_is_not_a_failure_and_leaves_the_group_usable()
    {
        var backend = new MemoryBackend { FailNextRead = new OperationCanceledException() };
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });

        await Assert.ThrowsAsync<OperationCanceledException>(() => group.RestoreAsync());
        Assert.Equal(RestoreOutcome.NotRestored, group.Outcome);
        Assert.Null(group.RestoreError);
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync().WaitAsync(Bound));

        store.Upsert(new Invoice(1, Tier.Free, 1m));
        backend.FailNextWrite = new OperationCanceledException();
        await Assert.ThrowsAsync<OperationCanceledException>(() => group.PersistAsync());
        Assert.True(await group.PersistAsync().WaitAsync(Bound));   // still changed: written now
        Assert.Equal(1, backend.Writes);
    }

    [Fact]
    public async Task A_failed_restore_blocks_persisting_naming_why_until_a_later_restore_succeeds()
    {
        var backend = new MemoryBackend { FailNextRead = new IOException("disk on fire") };   // an I/O error reading is an outage, not a corrupt snapshot
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(RestoreOutcome.Unreachable, await group.RestoreAsync());
        Assert.Equal("disk on fire", group.RestoreError!.Message);
        Assert.True(group.IsBlocked);

        var refused = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Contains("memory backend", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("disk on fire", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, backend.Writes);

        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync().WaitAsync(Bound));
        Assert.Null(group.RestoreError);
        Assert.False(group.IsBlocked);
        store.Upsert(new Invoice(1, Tier.Free, 1m));
        Assert.True(await group.PersistAsync());
    }

    [Fact]
    public async Task A_write_that_failed_is_retried_in_full_by_the_next_persist()
    {
        var backend = new MemoryBackend();
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        await group.RestoreAsync();
        store.Upsert(new Invoice(1, Tier.Free, 1m));

        backend.FailNextWrite = new IOException("full");
        var error = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("InvoiceStore", error.StoreName);
        Assert.Contains("memory backend", error.Reason, StringComparison.Ordinal);
        Assert.Contains("full", error.Reason, StringComparison.Ordinal);
        Assert.IsType<IOException>(error.InnerException);

        Assert.True(await group.PersistAsync().WaitAsync(Bound));   // the failed write did not count as persisted
        Assert.Equal(group.LastDocumentSize, backend.Document!.Length);
        var restored = new InvoiceStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(backend, new[] { restored }).RestoreAsync());
        Assert.Equal(1, restored.Count);
    }

    [Fact]
    public async Task A_failed_write_names_the_location_and_keeps_the_previous_snapshot()
    {
        string blocked = Path.Combine(_directory, "blocked");
        var backend = Backend("blocked");
        var store = new InvoiceStore();
        var group = new PersistentStoreGroup(backend, new[] { store });
        Assert.Equal(RestoreOutcome.NoSnapshot, await group.RestoreAsync());
        Directory.CreateDirectory(blocked);   // after startup, a directory takes the snapshot file's place: the rename fails
        store.Upsert(new Invoice(1, Tier.Free, 1m));

        var error = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync());
        Assert.Equal("Persist", error.Operation);
        Assert.Contains(backend.Location, error.Reason, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.True(Directory.Exists(blocked));
        Assert.Equal(0, group.LastDocumentSize);
    }
}
