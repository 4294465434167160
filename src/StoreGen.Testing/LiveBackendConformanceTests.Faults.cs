using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Testing;

// Faults injected through LiveFaults, and what a backend must do about them: retry, drop nothing, read again.
public abstract partial class LiveBackendConformanceTests
{
    /// <summary>Waits, by the store's change feed and within a deadline, until <paramref name="done"/> holds.</summary>
    private static async Task ConvergeAsync(ConformanceItemStore store, Func<bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await foreach (var _ in store.WatchAsync(0, deadline.Token))
            {
                if (done())
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.True(done(), "timed out waiting until " + what);
    }

    /// <summary>
    /// Commits that fail are retried, never dropped: writes acknowledged before, during and after the failures, and
    /// those queued while write-behind was held, all reach the database, once each, and another replica.
    /// </summary>
    [Fact]
    public async Task Failed_commits_are_retried_and_writes_queued_meanwhile_land()
    {
        var faults = new LiveFaults();
        var (a, b, _, replicaB) = await TwoReplicasAsync(faults);
        a.UpsertMany(Enumerable.Range(0, 5).Select(n => Sample("before" + n, n)));
        await DurableAsync(a);

        faults.HoldCommits();
        faults.FailNextCommits(3);
        a.UpsertMany(Enumerable.Range(0, 5).Select(n => Sample("during" + n, n)));
        a.Remove("before0");
        a.Upsert(Sample("during1", 99));
        Assert.True(((ILiveStore)a).Live!.QueueDepth >= 7, "the writes wait in the queue");
        faults.ReleaseCommits();
        await DurableAsync(a);
        Assert.Equal(3, faults.FailedCommits);
        Assert.Equal(0, ((ILiveStore)a).Live!.QueueDepth);

        await SyncAsync(replicaB);
        AssertSame(a, b);
        Assert.Equal(9, b.Count);
        Assert.True(Same(Sample("during1", 99) with { Guid = a.Get("during1")!.Guid }, b.Get("during1")), "the last write to a key wins");
        await AssertRestartLoadsAsync(a);
    }

    /// <summary>
    /// A commit that fails with an error the backend does not expect (neither a database error nor a lost connection —
    /// here an <see cref="InvalidOperationException"/>, as a bug in a codec would throw) is retried like any other:
    /// write-behind goes on, nothing is dropped, and a backend that reports its status shows the error until it recovers.
    /// </summary>
    [Fact]
    public async Task Commits_failing_with_an_unexpected_error_are_retried_and_write_behind_goes_on()
    {
        var faults = new LiveFaults();
        var (a, b, replicaA, replicaB) = await TwoReplicasAsync(faults);
        faults.FailNextCommits(2, store => new InvalidOperationException($"injected: a bug while writing store '{store}'"));
        a.Upsert(Sample("unexpected", 1));
        await DurableAsync(a);
        Assert.Equal(2, faults.FailedCommits);
        Assert.True(replicaA is not ILiveBackendStatus status || status.LastError is null, "the last error clears once the write succeeded");

        a.Upsert(Sample("after", 2));
        await DurableAsync(a);
        await SyncAsync(replicaB);
        AssertSame(a, b);
        Assert.Equal(2, b.Count);
    }

    /// <summary>Remote changes whose apply fails are read again: the replica ends with every change, and the faults were really met.</summary>
    [Fact]
    public async Task Failed_remote_applies_are_read_again()
    {
        var faults = new LiveFaults();
        var (a, b, _, _) = await TwoReplicasAsync(null, faults);
        faults.FailNextApplies(2);
        a.UpsertMany(Enumerable.Range(0, 10).Select(n => Sample("remote" + n, n)));
        a.Remove("remote3");
        await DurableAsync(a);
        await ConvergeAsync(b, () => b.Count == 9 && b.Get("remote3") is null, "replica B has every change after its applies failed");
        Assert.Equal(2, faults.FailedApplies);
        AssertSame(a, b);
    }

    /// <summary>
    /// Items a store held before its backend started are merged with the database: the database's other items arrive,
    /// and on a key both hold the local item wins (it is written last); nothing else is overwritten.
    /// </summary>
    [Fact]
    public async Task Items_held_before_start_merge_with_the_database_and_win_on_their_keys()
    {
        var a = new ConformanceItemStore();
        await StartAsync(a);
        a.UpsertMany(new[] { Sample("shared", 1), Sample("remote-only", 2) });
        await DurableAsync(a);

        var late = new ConformanceItemStore();
        var local = Sample("shared", 3);
        late.UpsertMany(new[] { local, Sample("local-only", 4) });
        await StartAsync(late);
        await DurableAsync(late);
        Assert.True(Same(local, late.Get("shared")), "the local item wins on its key");
        Assert.NotNull(late.Get("remote-only"));
        Assert.NotNull(late.Get("local-only"));
        Assert.Equal(3, late.Count);
        await AssertRestartLoadsAsync(late);
    }
}
