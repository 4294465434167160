using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace StoreGen.Tests;

/// <summary>
/// The store under test, with what its operations returned and the snapshots readers took. <see cref="Run"/> is for
/// one thread (it also reads the change feed since the previous version); <see cref="RunConcurrently"/> and
/// <see cref="TakeSnapshot"/> may run on many.
/// </summary>
internal sealed class IngressStoreRun
{
    // A small table, so the short runs rebuild it often.
    public IngressStore Store { get; } = new(new StoreOptions { InitialCapacity = 4 });

    public ConcurrentQueue<string> Outcomes { get; } = new();

    public ConcurrentQueue<IngressStore.SnapshotView> Snapshots { get; } = new();

    /// <summary>After each <see cref="Run"/>: its outcome, everything a reader sees, and its changes from the feed.</summary>
    public List<string> Observations { get; } = new();

    public void Run(IngressOp op)
    {
        long before = Store.Version;
        string outcome = RunConcurrently(op);
        var snapshot = Store.Snapshot();
        Observations.Add($"{op}: {outcome}\n{IngressObservation.Describe(new SnapshotReading(snapshot))}{FeedSince(before, snapshot.Version)}");
    }

    public string RunConcurrently(IngressOp op)
    {
        string outcome;
        try
        {
            outcome = op.Apply(Store);
        }
        catch (StoreException)
        {
            outcome = IngressModel.Rejected;
        }
        Outcomes.Enqueue($"{op}: {outcome}");
        return outcome;
    }

    public void TakeSnapshot() => Snapshots.Enqueue(Store.Snapshot());

    /// <summary>The feed's changes after <paramref name="cursor"/>, or what is wrong with them: a reset, a gap, a version out of order.</summary>
    private string FeedSince(long cursor, long version)
    {
        var set = Store.GetChangesSince(cursor);
        var versions = set.Changes.Select(c => c.Version);
        if (set.Reset || set.NextCursor != version || !versions.SequenceEqual(Enumerable.Range(1, (int)(version - cursor)).Select(v => cursor + v)))
        {
            return $"  feed after {cursor} is not versions {cursor + 1}..{version}: reset {set.Reset}, next {set.NextCursor}, versions [{string.Join(" ", versions)}]\n";
        }
        return IngressObservation.Changes(set.Changes.Select(c => IngressObservation.Change(c.Kind, c.Item)));
    }
}
