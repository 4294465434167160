using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Point reads (<c>Get</c>, <c>TryGet</c>, <c>ContainsKey</c>) each read one published state, never the writer's
/// open transaction. Beside a writer that replaces a pair of items in one batch per generation (in a table so small it is rebuilt every few
/// writes), and now and then writes a batch that is rejected half way, every point read must see a key that was
/// always stored, never go back in time, never see a rejected batch, and never see half of a batch: after reading
/// one item of the pair at generation g, the other is at g or later.
/// </summary>
public class PointReadTests
{
    private const int Generations = 20_000;

    [Fact]
    public async Task Point_reads_beside_a_writer_see_whole_committed_batches_only_and_never_go_back()
    {
        var store = new IngressStore(new StoreOptions<Ingress>
        {
            InitialCapacity = 8,
            WriteGuard = (in WriteAttempt<Ingress> attempt) => attempt.Item.Name == "b" && attempt.Item.Port < 0 ? "rejected on purpose" : null,
        });
        store.UpsertMany(Pair(0));
        int done = 0;
        var start = new Barrier(3);
        var writer = Task.Run(() =>
        {
            start.SignalAndWait();
            for (int generation = 1; generation <= Generations; generation++)
            {
                store.UpsertMany(Pair(generation));
                if (generation % 4 == 0)
                {
                    // "a" is appended (beyond the published state), then "b" is rejected: the batch rolls back and no read may see it.
                    Assert.Throws<StoreException>(() => store.UpsertMany(Pair(-generation)));
                }
            }
            Volatile.Write(ref done, 1);
        });
        var forward = Task.Run(() => ReadPairs(store, start, () => Volatile.Read(ref done) == 1, first: "a", second: "b"));
        var backward = Task.Run(() => ReadPairs(store, start, () => Volatile.Read(ref done) == 1, first: "b", second: "a"));
        await writer;
        Assert.True(await forward > 0);
        Assert.True(await backward > 0);
        Assert.Equal(Generations, store.Get("pair", "a")!.Port);
    }

    private static Ingress[] Pair(int generation) =>
        [new("pair", "a", "h", generation, Make.Uid(1)), new("pair", "b", "h", generation, Make.Uid(2))];

    private static int ReadPairs(IngressStore store, Barrier start, System.Func<bool> writerDone, string first, string second)
    {
        start.SignalAndWait();
        int last = 0;
        int reads = 0;
        while (!writerDone() && reads < 50 * Generations)
        {
            Assert.True(store.TryGet("pair", first, out var one), $"'{first}' is always stored");
            var other = store.Get("pair", second);
            Assert.NotNull(other);
            Assert.True(store.ContainsKey("pair", second));
            Assert.True(one.Port >= 0 && other.Port >= 0, $"a rejected batch was seen: {one.Port}, {other.Port}");
            Assert.True(one.Port >= last, $"'{first}' went back from generation {last} to {one.Port}");
            Assert.True(other.Port >= one.Port, $"half a batch: '{first}' at {one.Port}, then '{second}' at {other.Port}");
            last = one.Port;
            reads++;
        }
        return reads;
    }
}
