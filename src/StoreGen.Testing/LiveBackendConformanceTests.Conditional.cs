using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Testing;

// Conditional writes: expected version in, new version or a conflict out; every replica converges.
public abstract partial class LiveBackendConformanceTests
{
    private static async Task<long> UpsertIfAsync(ConformanceItemStore store, ConformanceItem item, long expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await store.UpsertIfVersionAsync(item, expected, timeout.Token);
    }

    private static long VersionOf(ConformanceItemStore store, string id) => store.LiveVersionOf(new ConformanceItemStore.Key(id));

    private static void AssertConflict(LiveConflictException conflict, string operation, string id, long expected, long actual)
    {
        Assert.Equal("ConformanceItemStore", conflict.StoreName);
        Assert.Equal(operation, conflict.Operation);
        Assert.Equal(new object?[] { id }, conflict.Keys);
        Assert.Equal(expected, conflict.ExpectedVersion);
        Assert.Equal(actual, conflict.ActualVersion);
        Assert.StartsWith($"ConformanceItemStore.{operation} [{id}]: conflict in ", conflict.Message, StringComparison.Ordinal);
        Assert.Contains($"expected version {(expected == 0 ? "0 (absent)" : expected)}, but it holds version {(actual == 0 ? "0 (absent)" : actual)}; nothing was changed", conflict.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two replicas that saw the same version race a conditional write on one key: exactly one commits, the other gets a
    /// conflict naming the store, the operation, the key and both versions, and both replicas converge to the winner.
    /// </summary>
    [Fact]
    public async Task Two_replicas_race_a_conditional_write_and_exactly_one_wins()
    {
        var (a, b, replicaA, replicaB) = await TwoReplicasAsync();
        a.Upsert(Sample("race", 1));
        await DurableAsync(a);
        await SyncAsync(replicaB);
        long seen = VersionOf(a, "race");
        Assert.True(seen > 0, "the acknowledged write has a version");
        Assert.Equal(seen, VersionOf(b, "race"));

        var fromA = Sample("race", 2);
        var fromB = Sample("race", 3);
        var writes = new[] { UpsertIfAsync(a, fromA, seen), UpsertIfAsync(b, fromB, seen) };
        await Task.WhenAll(writes.Select(write => write.ContinueWith(static _ => { }, TaskScheduler.Default)));
        Assert.Equal(1, writes.Count(write => write.IsCompletedSuccessfully));
        int winner = writes[0].IsCompletedSuccessfully ? 0 : 1;
        long committed = await writes[winner];
        Assert.True(committed > seen, "the new version is later than the one replaced");
        var conflict = Assert.IsType<LiveConflictException>(writes[1 - winner].Exception!.InnerException);
        AssertConflict(conflict, "UpsertIfVersion", "race", seen, committed);

        await SyncAsync(replicaA);
        await SyncAsync(replicaB);
        var expected = winner == 0 ? fromA : fromB;
        Assert.True(Same(expected, a.Get("race")), "replica A holds the winning write");
        Assert.True(Same(expected, b.Get("race")), "replica B holds the winning write");
        Assert.Equal(committed, VersionOf(a, "race"));
        Assert.Equal(committed, VersionOf(b, "race"));
    }

    /// <summary>
    /// Expected version 0 inserts only if absent; the committed write is in the writing replica's store at once (before
    /// any sync), and a second insert-if-absent conflicts and changes nothing anywhere.
    /// </summary>
    [Fact]
    public async Task Expected_version_zero_inserts_only_if_absent()
    {
        var (a, b, _, replicaB) = await TwoReplicasAsync();
        Assert.Equal(0, VersionOf(a, "new"));
        var first = Sample("new", 1);
        long version = await UpsertIfAsync(a, first, 0);
        Assert.True(Same(first, a.Get("new")), "the writer's store shows the committed write at once");
        Assert.Equal(version, VersionOf(a, "new"));
        Assert.Contains(a.GetChangesSince(0).Changes, change => change.Item.Id == "new" && change.Kind == ChangeKind.Added);
        Assert.Equal(0, ((ILiveStore)a).Live!.QueueDepth);   // not queued to be written again

        var conflict = await Assert.ThrowsAsync<LiveConflictException>(() => UpsertIfAsync(b, Sample("new", 2), 0));
        AssertConflict(conflict, "UpsertIfVersion", "new", 0, version);
        await SyncAsync(replicaB);
        Assert.True(Same(first, b.Get("new")), "the refused write changed nothing");
        Assert.True(Same(first, a.Get("new")));
        Assert.Equal(version, VersionOf(b, "new"));
        var restarted = new ConformanceItemStore();
        await StartAsync(restarted);
        Assert.Equal(version, VersionOf(restarted, "new"));   // a load knows the versions too
    }

    /// <summary>
    /// A replica that never applied an item (its remote applies fail) can still remove it by the version it learned
    /// elsewhere: the tombstone keeps the stored item, so every replica reads the delete.
    /// </summary>
    [Fact]
    public async Task A_replica_that_never_saw_an_item_removes_it_by_version()
    {
        var faults = new LiveFaults();
        var (a, b, replicaA, replicaB) = await TwoReplicasAsync(null, faults);
        faults.FailNextApplies(int.MaxValue);
        long version = await UpsertIfAsync(a, Sample("unseen", 1), 0);
        Assert.Null(b.Get("unseen"));
        long removed = await b.RemoveIfVersionAsync(new ConformanceItemStore.Key("unseen"), version);
        Assert.True(removed > version);
        await SyncAsync(replicaA);
        Assert.Null(a.Get("unseen"));
        faults.FailNextApplies(0);
        await SyncAsync(replicaB);
        Assert.Null(b.Get("unseen"));
        Assert.Equal(0, VersionOf(b, "unseen"));
    }

    /// <summary>A conditional remove with a stale version conflicts; with the current one it deletes everywhere, and the key counts as absent again.</summary>
    [Fact]
    public async Task A_conditional_remove_needs_the_current_version_and_leaves_the_key_absent()
    {
        var (a, b, replicaA, replicaB) = await TwoReplicasAsync();
        long first = await UpsertIfAsync(a, Sample("gone", 1), 0);
        long second = await UpsertIfAsync(a, Sample("gone", 2), first);
        await SyncAsync(replicaB);
        var key = new ConformanceItemStore.Key("gone");

        var stale = await Assert.ThrowsAsync<LiveConflictException>(() => b.RemoveIfVersionAsync(key, first));
        AssertConflict(stale, "RemoveIfVersion", "gone", first, second);
        Assert.NotNull(b.Get("gone"));

        long removed = await b.RemoveIfVersionAsync(key, VersionOf(b, "gone"));
        Assert.True(removed > second);
        Assert.Null(b.Get("gone"));
        Assert.Equal(0, VersionOf(b, "gone"));
        var again = await Assert.ThrowsAsync<LiveConflictException>(() => a.RemoveIfVersionAsync(key, second));
        AssertConflict(again, "RemoveIfVersion", "gone", second, 0);
        await SyncAsync(replicaA);
        Assert.Null(a.Get("gone"));

        long back = await UpsertIfAsync(a, Sample("gone", 3), 0);   // a deleted key is absent
        Assert.True(back > removed);
        var zero = await Assert.ThrowsAsync<StoreException>(() => a.RemoveIfVersionAsync(key, 0));
        Assert.Equal("ConformanceItemStore.RemoveIfVersion [gone]: a remove needs the version of a stored item (expected version 0 means absent); nothing was changed", zero.Message);
    }

    /// <summary>
    /// A conditional write waits until the local writes queued before it are durable, so it is compared with this
    /// replica's own last write: expecting the version from before that write conflicts, naming the version it committed at.
    /// </summary>
    [Fact]
    public async Task A_conditional_write_is_compared_after_the_local_writes_queued_before_it()
    {
        var faults = new LiveFaults();
        var a = new ConformanceItemStore();
        await StartAsync(faults, a);
        long before = await UpsertIfAsync(a, Sample("queued", 1), 0);
        faults.HoldCommits();
        var local = Sample("queued", 2);
        a.Upsert(local);                                           // queued, held from the database
        var conditional = UpsertIfAsync(a, Sample("queued", 3), before);
        Assert.Equal(1, ((ILiveStore)a).Live!.QueueDepth);
        Assert.False(conditional.IsCompleted, "the conditional write waits for the queued local write");
        faults.ReleaseCommits();
        var conflict = await Assert.ThrowsAsync<LiveConflictException>(() => conditional);
        long after = VersionOf(a, "queued");
        Assert.True(after > before, "the queued write committed first");
        AssertConflict(conflict, "UpsertIfVersion", "queued", before, after);
        Assert.True(Same(local, a.Get("queued")), "the refused write changed nothing");
        Assert.True(await UpsertIfAsync(a, Sample("queued", 4), after) > after);
    }

    /// <summary>A store without a live backend, or a backend without conditional writes, refuses a conditional write clearly.</summary>
    [Fact]
    public async Task A_conditional_write_without_a_live_backend_is_refused_clearly()
    {
        var detached = new ConformanceItemStore();
        var error = await Assert.ThrowsAsync<StoreException>(() => detached.UpsertIfVersionAsync(Sample("x", 1), 0));
        Assert.Equal("ConformanceItemStore.UpsertIfVersion []: no live backend is attached to the store", error.Message);
        Assert.Empty(detached);
        var a = new ConformanceItemStore();
        await StartAsync(a);
        var wrongKey = Assert.Throws<StoreException>(() => a.LiveVersionOf(Guid.Empty));
        Assert.Contains("System.Guid is not the store's key or item type", wrongKey.Message, StringComparison.Ordinal);
        var negative = await Assert.ThrowsAsync<StoreException>(() => UpsertIfAsync(a, Sample("x", 1), -1));
        Assert.Equal("ConformanceItemStore.UpsertIfVersion [x]: the expected version -1 is negative; nothing was changed", negative.Message);
        Assert.Null(a.Get("x"));
    }
}
