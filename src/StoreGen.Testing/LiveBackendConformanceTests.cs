using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Testing;

/// <summary>
/// The conformance suite every live backend runs (StoreGen.Postgres does; Redis and your own inherit it the same way).
/// Implement <see cref="StartReplicaAsync"/> to start a new replica of your backend for the given stores, all replicas
/// of one test sharing one database (namespace, schema, key prefix) that no other test uses; clean it up in
/// <see cref="CleanUpAsync"/>. Each test starts its own replicas and stops them.
/// </summary>
public abstract partial class LiveBackendConformanceTests : IAsyncLifetime
{
    private readonly List<ILiveBackend> _replicas = new();

    /// <summary>Starts a new replica (a new backend instance) for <paramref name="stores"/> and returns it once started.</summary>
    protected abstract Task<ILiveBackend> StartReplicaAsync(IReadOnlyList<ILiveStore> stores);

    /// <summary>Removes what the test wrote (runs after every replica is disposed).</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        await CleanUpAsync();
    }

    private Task<ILiveBackend> StartAsync(params ILiveStore[] stores) => StartAsync(null, stores);

    /// <summary>Starts a replica whose stores pass through <paramref name="faults"/> (when given).</summary>
    private async Task<ILiveBackend> StartAsync(LiveFaults? faults, params ILiveStore[] stores)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = faults is null ? stores : Array.ConvertAll(stores, faults.Wrap);
        var replica = await StartReplicaAsync(seen).WaitAsync(timeout.Token);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>Starts a new replica (a restarted process) and asserts that it loads exactly what <paramref name="expected"/> holds.</summary>
    private async Task AssertRestartLoadsAsync(ConformanceItemStore expected)
    {
        var restarted = new ConformanceItemStore();
        await StartAsync(restarted);
        AssertSame(expected, restarted);
    }

    /// <summary>Two replicas of a <see cref="ConformanceItemStore"/>, each optionally behind faults.</summary>
    private async Task<(ConformanceItemStore A, ConformanceItemStore B, ILiveBackend ReplicaA, ILiveBackend ReplicaB)> TwoReplicasAsync(LiveFaults? onA = null, LiveFaults? onB = null)
    {
        var a = new ConformanceItemStore();
        var b = new ConformanceItemStore();
        var replicaA = await StartAsync(onA, a);
        return (a, b, replicaA, await StartAsync(onB, b));
    }

    private static async Task DurableAsync(ILiveStore store)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.WhenDurableAsync(timeout.Token);
    }

    private static async Task SyncAsync(ILiveBackend replica)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await replica.SyncAsync(timeout.Token);
    }

    /// <summary>A full item whose members all differ from the defaults.</summary>
    public static ConformanceItem Sample(string id, int n) => new(
        id, n % 3 == 0 ? null : "text ✓ " + n, n % 2 == 0, n, long.MaxValue - n, n + 0.25, 12345.678m + n, Guid.NewGuid(),
        new DateTimeOffset(2026, 11, 23, 10, 30, 15, TimeSpan.FromHours(2)).AddTicks(n), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        new DateOnly(2026, 11, 23), new TimeOnly(23, 59, 58), TimeSpan.FromMinutes(n), n % 2 == 0 ? Volume.High : Volume.Low,
        n % 2 == 0 ? n : null, new[] { "a", "ключ", "🚩" }.Take(n % 4).ToArray(), new Dictionary<string, int> { ["n"] = n });

    /// <summary>Unicode, empty, blank, quote-laden, injection-shaped and 10 000-character keys.</summary>
    internal static readonly string[] HardKeys = { "", " ", "ключ", "🚩 flag", "x'); DROP TABLE t; --", "\"quoted\"", "a:b{c}*?", new string('k', 10_000), "ＡＢＣ", "e\u0301" };

    private static readonly string[] NoTags = Array.Empty<string>();
    private static readonly Dictionary<string, int> NoCounts = new();

    /// <summary>Whether two items are equal member by member (collections by content).</summary>
    public static bool Same(ConformanceItem? a, ConformanceItem? b) =>
        a is not null && b is not null
        && a with { Tags = NoTags, Counts = NoCounts } == b with { Tags = NoTags, Counts = NoCounts }
        && a.Tags.SequenceEqual(b.Tags)
        && a.Counts.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(b.Counts.OrderBy(p => p.Key, StringComparer.Ordinal));

    /// <summary>Asserts that two stores hold the same items, member by member.</summary>
    internal static void AssertSame(ConformanceItemStore expected, ConformanceItemStore actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var item in expected)
        {
            Assert.True(Same(item, actual.Get(item.Id)), $"item '{item.Id}' differs between replicas");
        }
    }

    /// <summary>Every member type the codec supports survives a write on one replica and a read on another.</summary>
    [Fact]
    public async Task Every_member_type_round_trips_between_replicas()
    {
        var a = new ConformanceItemStore();
        var b = new ConformanceItemStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        for (int n = 0; n < 8; n++)
        {
            a.Upsert(Sample("item" + n, n));
        }
        await DurableAsync(a);
        await SyncAsync(replicaB);
        AssertSame(a, b);
    }

    /// <summary>The member types <see cref="ConformanceItem"/> leaves out (other numerics, nullables, immutable collections and dictionaries, JSON documents, nested records) survive too.</summary>
    [Fact]
    public async Task Every_other_member_type_round_trips_between_replicas()
    {
        var a = new ConformanceRichStore();
        var b = new ConformanceRichStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        var items = Enumerable.Range(0, 6).Select(n => ConformanceRichSamples.Sample("rich" + n, n)).ToArray();
        a.UpsertMany(items);
        await DurableAsync(a);
        await SyncAsync(replicaB);
        Assert.Equal(items.Length, b.Count);
        Assert.All(items, item => ConformanceRichSamples.AssertSame(item, b.Get(item.Id)));
    }

    /// <summary>Unicode, empty, quote-laden and very long keys are stored and found again, exactly.</summary>
    [Fact]
    public async Task Unicode_empty_and_very_long_keys_round_trip()
    {
        string[] keys = HardKeys;
        var a = new ConformanceItemStore();
        var b = new ConformanceItemStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        a.UpsertMany(keys.Select((key, n) => Sample(key, n)));
        await DurableAsync(a);
        await SyncAsync(replicaB);
        AssertSame(a, b);
        Assert.Equal(keys.Length, b.Count);
    }

    /// <summary>Every key column type (Guid, text, date, instant, enum, small and big integers, bool) maps and round trips.</summary>
    [Fact]
    public async Task Every_key_column_type_round_trips()
    {
        var a = new ConformanceKeyedStore();
        var b = new ConformanceKeyedStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        var first = new ConformanceKeyed(Guid.NewGuid(), "t'\"", new DateOnly(2026, 11, 23), new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(2)), Volume.High, -3, long.MaxValue, true, int.MinValue, "p");
        var second = first with { Active = false, Payload = "second" };
        a.UpsertMany(new[] { first, second });
        await DurableAsync(a);
        await SyncAsync(replicaB);
        Assert.Equal(first, b.Get(ConformanceKeyedStore.KeyOf(first)));
        Assert.Equal(second, b.Get(ConformanceKeyedStore.KeyOf(second)));
    }

    /// <summary>Deletes reach the other replicas.</summary>
    [Fact]
    public async Task Deletes_reach_other_replicas()
    {
        var a = new ConformanceItemStore();
        var b = new ConformanceItemStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        a.UpsertMany(Enumerable.Range(0, 5).Select(n => Sample("d" + n, n)));
        await DurableAsync(a);
        await SyncAsync(replicaB);
        a.Remove("d1");
        a.RemoveMany(new[] { new ConformanceItemStore.Key("d3"), new ConformanceItemStore.Key("d4") });
        await DurableAsync(a);
        await SyncAsync(replicaB);
        Assert.Equal(new[] { "d0", "d2" }, b.ToArray().Select(i => i.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    /// <summary>Writers on three replicas, on shared and own keys, at once: afterwards every replica holds the same items, and each replica's own keys match its model.</summary>
    [Fact]
    public async Task Concurrent_writers_on_several_replicas_converge()
    {
        var stores = Enumerable.Range(0, 3).Select(_ => new ConformanceItemStore()).ToArray();
        var replicas = new List<ILiveBackend>();
        foreach (var store in stores)
        {
            replicas.Add(await StartAsync(store));
        }
        var models = new Dictionary<string, ConformanceItem>[3];
        await Task.WhenAll(Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var model = models[r] = new();
            for (int n = 0; n < 300; n++)
            {
                string id = random.Next(3) == 0 ? "shared" + random.Next(5) : $"own{r}-{random.Next(20)}";
                if (random.Next(4) == 0)
                {
                    stores[r].Remove(id);
                    model.Remove(id);
                }
                else
                {
                    var item = Sample(id, n);
                    stores[r].Upsert(item);
                    model[id] = item;
                }
            }
        })));
        foreach (var store in stores)
        {
            await DurableAsync(store);
        }
        foreach (var replica in replicas)
        {
            await SyncAsync(replica);
        }
        foreach (var store in stores.Skip(1))
        {
            AssertSame(stores[0], store);
        }
        for (int r = 0; r < 3; r++)
        {
            var own = stores[0].Where(item => item.Id.StartsWith($"own{r}-", StringComparison.Ordinal)).ToDictionary(item => item.Id);
            var expected = models[r].Where(pair => pair.Key.StartsWith("own", StringComparison.Ordinal)).ToDictionary(pair => pair.Key, pair => pair.Value);
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), own.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(expected, pair => Assert.True(Same(pair.Value, own[pair.Key]), $"item '{pair.Key}' differs from replica {r}'s model"));
        }
    }

    /// <summary>A new replica (a restarted process) loads everything committed, and nothing else.</summary>
    [Fact]
    public async Task A_restarted_replica_reloads_what_was_committed()
    {
        var a = new ConformanceItemStore();
        await StartAsync(a);
        a.UpsertMany(Enumerable.Range(0, 20).Select(n => Sample("r" + n, n)));
        a.Remove("r7");
        await DurableAsync(a);
        await AssertRestartLoadsAsync(a);
    }

    /// <summary>Changes from other replicas reach the store's change feed but are never queued to be written back (no echo).</summary>
    [Fact]
    public async Task Remote_changes_reach_the_change_feed_and_are_not_written_back()
    {
        var a = new ConformanceItemStore();
        var b = new ConformanceItemStore();
        await StartAsync(a);
        var replicaB = await StartAsync(b);
        a.Upsert(Sample("echo", 1));
        await DurableAsync(a);
        await SyncAsync(replicaB);
        Assert.Contains(b.GetChangesSince(0).Changes, change => change.Item.Id == "echo" && change.Kind == ChangeKind.Added);
        var link = ((ILiveStore)b).Live!;
        Assert.Equal(0, link.QueueDepth);
        Assert.Equal(0, link.LastLocalVersion);   // nothing of b's was ever queued
    }

    /// <summary>
    /// A replica that stops abruptly (disposed, not stopped) loses nothing it acknowledged: a new replica loads every
    /// write that <c>WhenDurableAsync</c> confirmed, exactly.
    /// </summary>
    [Fact]
    public async Task Acknowledged_writes_survive_an_abrupt_stop()
    {
        var a = new ConformanceItemStore();
        var replicaA = await StartAsync(a);
        var acknowledged = Enumerable.Range(0, 30).Select(n => Sample("ack" + n, n)).ToArray();
        foreach (var item in acknowledged)
        {
            a.Upsert(item);
        }
        await DurableAsync(a);
        a.UpsertMany(Enumerable.Range(0, 10).Select(n => Sample("unacknowledged" + n, n)));   // may or may not survive
        await replicaA.DisposeAsync();

        var restarted = new ConformanceItemStore();
        await StartAsync(restarted);
        Assert.All(acknowledged, item => Assert.True(Same(item, restarted.Get(item.Id)), $"acknowledged item '{item.Id}' was lost"));
        Assert.All(restarted.Where(item => !item.Id.StartsWith("ack", StringComparison.Ordinal)),
            item => Assert.StartsWith("unacknowledged", item.Id, StringComparison.Ordinal));
    }
}
