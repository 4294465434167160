using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Model-based checks of the engine with CsCheck: random sequences of every write (single, batch, ReplaceAll whole
/// and by prefix, RemoveWhere) over small domains, so keys collide and unique-index clashes are frequent.
/// The sequential test compares the store with <see cref="IngressModel"/> after every operation; the parallel test
/// runs operations on several threads and requires the result to equal some sequential order of them on the model
/// (linearizability), with every snapshot taken meanwhile equal to the model at one operation boundary.
/// Each run uses fixed seeds, so it is the same every time; a failure prints the seed that reproduces it (to debug,
/// run the test with that one seed instead of <see cref="Seeds"/>; the seed passed here wins over <c>CsCheck_Seed</c>).
/// </summary>
public class ModelBasedTests
{
    private const int SequentialRuns = 300;
    private const int ParallelRuns = 150;

    [Fact]
    public void Random_operation_sequences_match_the_model_after_every_operation()
    {
        foreach (var seed in Seeds(SequentialRuns, stream: 1))
        {
            Check.SampleModelBased(
                Gen.Const(0).Select(_ => (new IngressStoreRun(), new IngressModel())),
                GenOperation.Create<IngressStoreRun, IngressModel, IngressOp>(IngressGen.Write, op => op.ToString(), (run, op) => run.Run(op), (model, op) => model.Run(op)),
                equal: SameObservations,
                seed: seed, iter: 1, threads: 1,
                printActual: run => string.Concat(run.Observations),
                printModel: model => string.Concat(model.Observations));
        }
    }

    [Fact]
    public void Parallel_writes_are_linearizable_and_every_snapshot_is_a_state_of_the_history()
    {
        foreach (var seed in Seeds(ParallelRuns, stream: 2))
        {
            Check.SampleParallel(
                Gen.Const(0).Select(_ => (new IngressStoreRun(), new IngressModel())),
                GenOperation.Create<IngressStoreRun, IngressModel, IngressOp>(IngressGen.Write, op => op.ToString(), (run, op) => run.RunConcurrently(op), (model, op) => model.Run(op)),
                GenOperation.Create<IngressStoreRun, IngressModel>("Snapshot", run => run.TakeSnapshot(), _ => { }),
                equal: Linearized,
                seed: seed, maxSequentialOperations: 8, maxParallelOperations: 4, iter: 1, threads: 4, replay: 1,
                printActual: Print,
                printModel: model => string.Join("\n", model.Outcomes) + "\n" + model.History[^1].State);
        }
    }

    /// <summary>Fixed seeds: the same runs every time.</summary>
    private static IEnumerable<string> Seeds(int count, uint stream)
    {
        var source = new PCG(stream, 20261123);
        return Enumerable.Range(0, count).Select(_ => new PCG(stream, source.Next64()).ToString()).ToList();
    }

    /// <summary>Equal observations after every operation; on the first difference, an assertion that shows it.</summary>
    private static bool SameObservations(IngressStoreRun run, IngressModel model)
    {
        Assert.Equal(model.Observations.Count, run.Observations.Count);
        for (int n = 0; n < model.Observations.Count; n++)
        {
            Assert.Equal(model.Observations[n], run.Observations[n]);
        }
        return true;
    }

    /// <summary>
    /// Whether the model, having run the operations in one sequential order, explains the parallel run: the same
    /// outcomes, the same final state, every snapshot equal to the model's state at an operation boundary with the
    /// snapshot's version, and the change feed, replayed from the start, passing through every state of the model.
    /// </summary>
    private static bool Linearized(IngressStoreRun run, IngressModel model)
    {
        if (!run.Outcomes.Order(System.StringComparer.Ordinal).SequenceEqual(model.Outcomes.Order(System.StringComparer.Ordinal))
            || Describe(run.Store.Snapshot()) != model.History[^1].State)
        {
            return false;
        }
        var states = model.History.ToHashSet();
        if (!run.Snapshots.All(snapshot => states.Contains((snapshot.Version, Describe(snapshot)))))
        {
            return false;
        }
        var replayed = ReplayFeed(run.Store);
        return model.History.All(h => replayed.TryGetValue(h.Version, out var state) && state == h.State);
    }

    /// <summary>The state after each version, rebuilt from the change feed alone.</summary>
    private static Dictionary<long, string> ReplayFeed(IngressStore store)
    {
        var replay = new IngressModel();
        var states = new Dictionary<long, string> { [0] = replay.History[0].State };
        var set = store.GetChangesSince(0);
        Assert.False(set.Reset, "the feed keeps every change of a short run");
        foreach (var change in set.Changes)
        {
            replay.Apply(change);
            states[change.Version] = IngressObservation.Describe(replay);
        }
        return states;
    }

    private static string Describe(IngressStore.SnapshotView snapshot) => IngressObservation.Describe(new SnapshotReading(snapshot));

    private static string Print(IngressStoreRun run) =>
        string.Join("\n", run.Outcomes) + "\n" + Describe(run.Store.Snapshot())
        + string.Concat(run.Snapshots.Select(s => "snapshot " + Describe(s)));
}
