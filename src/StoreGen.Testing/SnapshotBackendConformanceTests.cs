using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Persistence;
using Xunit;

namespace StoreGen.Testing;

/// <summary>
/// The parts of the conformance suite that apply to a snapshot backend (file, S3, yours): what a persist writes, a
/// restart restores exactly; and faults never lose what was persisted nor overwrite what was not read. Implement
/// <see cref="OpenBackend"/> to open the backend on the test's own location (every call opens the same location, as a
/// restarted process would); clean it up in <see cref="CleanUpAsync"/>.
/// </summary>
public abstract class SnapshotBackendConformanceTests : IAsyncLifetime
{
    /// <summary>Opens the backend on this test's location (a new instance each call).</summary>
    protected abstract ISnapshotBackend OpenBackend();

    /// <summary>Removes what the test wrote.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DisposeAsync() => CleanUpAsync();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private async Task PersistAsync(params IPersistableStore[] stores)
    {
        var group = new PersistentStoreGroup(OpenBackend(), stores);
        group.AcceptDataLoss();
        Assert.True(await group.PersistAsync(Deadline()), "the persist wrote a snapshot");
    }

    /// <summary>Restores into new stores from a newly opened backend, as a restarted process would.</summary>
    private async Task<ConformanceItemStore> RestartAsync()
    {
        var store = new ConformanceItemStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(OpenBackend(), new IPersistableStore[] { store }).RestoreAsync(Deadline()));
        return store;
    }

    /// <summary>Every member type the codec supports survives a persist and a restart.</summary>
    [Fact]
    public async Task Every_member_type_round_trips_through_a_restart()
    {
        var store = new ConformanceItemStore();
        store.UpsertMany(Enumerable.Range(0, 8).Select(n => LiveBackendConformanceTests.Sample("item" + n, n)));
        await PersistAsync(store);
        LiveBackendConformanceTests.AssertSame(store, await RestartAsync());
    }

    /// <summary>The member types <see cref="ConformanceItem"/> leaves out survive a persist and a restart too.</summary>
    [Fact]
    public async Task Every_other_member_type_round_trips_through_a_restart()
    {
        var store = new ConformanceRichStore();
        var items = Enumerable.Range(0, 6).Select(n => ConformanceRichSamples.Sample("rich" + n, n)).ToArray();
        store.UpsertMany(items);
        await PersistAsync(store);
        var restored = new ConformanceRichStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(OpenBackend(), new IPersistableStore[] { restored }).RestoreAsync(Deadline()));
        Assert.Equal(items.Length, restored.Count);
        Assert.All(items, item => ConformanceRichSamples.AssertSame(item, restored.Get(item.Id)));
    }

    /// <summary>Unicode, empty, quote-laden and very long keys are restored exactly.</summary>
    [Fact]
    public async Task Unicode_empty_and_very_long_keys_round_trip()
    {
        var store = new ConformanceItemStore();
        store.UpsertMany(LiveBackendConformanceTests.HardKeys.Select((key, n) => LiveBackendConformanceTests.Sample(key, n)));
        await PersistAsync(store);
        var restored = await RestartAsync();
        LiveBackendConformanceTests.AssertSame(store, restored);
        Assert.Equal(LiveBackendConformanceTests.HardKeys.Length, restored.Count);
    }

    /// <summary>Every key column type round trips.</summary>
    [Fact]
    public async Task Every_key_column_type_round_trips()
    {
        var keyed = new ConformanceKeyedStore();
        var first = new ConformanceKeyed(Guid.NewGuid(), "t'\"", new DateOnly(2026, 11, 23), new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(2)), Volume.High, -3, long.MaxValue, true, int.MinValue, "p");
        keyed.UpsertMany(new[] { first, first with { Active = false, Payload = "second" } });
        await PersistAsync(keyed);
        var restored = new ConformanceKeyedStore();
        Assert.Equal(RestoreOutcome.Restored, await new PersistentStoreGroup(OpenBackend(), new IPersistableStore[] { restored }).RestoreAsync(Deadline()));
        Assert.Equal(keyed.ToArray().OrderBy(k => k.Active), restored.ToArray().OrderBy(k => k.Active));
    }

    /// <summary>Deletes persist: a restart restores what the last persist held, and nothing else.</summary>
    [Fact]
    public async Task A_restart_restores_the_last_persist_with_its_deletes()
    {
        var store = new ConformanceItemStore();
        store.UpsertMany(Enumerable.Range(0, 20).Select(n => LiveBackendConformanceTests.Sample("r" + n, n)));
        await PersistAsync(store);
        store.Remove("r7");
        store.Upsert(LiveBackendConformanceTests.Sample("r3", 99));
        await PersistAsync(store);
        var restored = await RestartAsync();
        LiveBackendConformanceTests.AssertSame(store, restored);
        Assert.Null(restored.Get("r7"));
    }

    /// <summary>A location never written to restores as no snapshot, and the stores stay empty.</summary>
    [Fact]
    public async Task A_new_location_has_no_snapshot()
    {
        var store = new ConformanceItemStore();
        Assert.Equal(RestoreOutcome.NoSnapshot, await new PersistentStoreGroup(OpenBackend(), new IPersistableStore[] { store }).RestoreAsync(Deadline()));
        Assert.Empty(store);
    }

    /// <summary>
    /// A write that fails loses nothing persisted before (a restart restores the previous snapshot), and the writes made
    /// meanwhile land with the next persist.
    /// </summary>
    [Fact]
    public async Task A_failed_write_keeps_the_previous_snapshot_and_the_next_persist_lands_everything()
    {
        var store = new ConformanceItemStore();
        store.UpsertMany(Enumerable.Range(0, 5).Select(n => LiveBackendConformanceTests.Sample("before" + n, n)));
        await PersistAsync(store);
        var persisted = await RestartAsync();

        var faulty = new SnapshotFaults(OpenBackend());
        var group = new PersistentStoreGroup(faulty, new IPersistableStore[] { store });
        group.AcceptDataLoss();
        store.UpsertMany(Enumerable.Range(0, 5).Select(n => LiveBackendConformanceTests.Sample("during" + n, n)));
        faulty.FailNextWrites(1);
        var error = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync(Deadline()));
        Assert.Contains("injected fault", error.ToString(), StringComparison.Ordinal);
        LiveBackendConformanceTests.AssertSame(persisted, await RestartAsync());   // the previous snapshot is intact

        store.Remove("before0");
        Assert.True(await group.PersistAsync(Deadline()));
        var restored = await RestartAsync();
        LiveBackendConformanceTests.AssertSame(store, restored);
        Assert.Equal(9, restored.Count);
    }

    /// <summary>
    /// A read that fails is an outage, not an empty snapshot: the stores are left as they are, and persisting is refused
    /// until a restore succeeds — a snapshot that was not read is never overwritten. A later restore merges.
    /// </summary>
    [Fact]
    public async Task A_failed_read_never_lets_a_persist_overwrite_what_was_not_read()
    {
        var store = new ConformanceItemStore();
        store.UpsertMany(Enumerable.Range(0, 5).Select(n => LiveBackendConformanceTests.Sample("stored" + n, n)));
        await PersistAsync(store);

        var faulty = new SnapshotFaults(OpenBackend());
        var restarted = new ConformanceItemStore();
        var group = new PersistentStoreGroup(faulty, new IPersistableStore[] { restarted });
        faulty.FailNextReads(1);
        Assert.Equal(RestoreOutcome.Unreachable, await group.RestoreAsync(Deadline()));
        Assert.Empty(restarted);
        restarted.Upsert(LiveBackendConformanceTests.Sample("meanwhile", 9));
        var refused = await Assert.ThrowsAsync<StoreException>(() => group.PersistAsync(Deadline()));
        Assert.Contains("could not be read", refused.Message, StringComparison.Ordinal);
        LiveBackendConformanceTests.AssertSame(store, await RestartAsync());   // untouched

        Assert.Equal(RestoreOutcome.Restored, await group.RestoreAsync(RestoreMode.Merge, Deadline()));
        Assert.Equal(6, restarted.Count);
        Assert.True(await group.PersistAsync(Deadline()));
        LiveBackendConformanceTests.AssertSame(restarted, await RestartAsync());
    }
}
