using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace StoreGen.Tests;

/// <summary>The resource store's CachedStore: references only, items loaded on first access and cached with a TTL.</summary>
public class OnDemandTests
{
    private readonly FakeTimeProvider _clock = TestClock.New();
    private int _loads;

    private ValueTask<Ingress?> Load(IngressStore.Key key, CancellationToken _)
    {
        Interlocked.Increment(ref _loads);
        return ValueTask.FromResult<Ingress?>(key.Name == "gone" ? null : Make.Ingress(key.Namespace, key.Name, uid: _loads));
    }

    private IngressStore.OnDemand Store(OnDemandOptions? options = null)
    {
        var store = new IngressStore.OnDemand(Load, options ?? new OnDemandOptions { TimeProvider = _clock, TimeToLive = TimeSpan.FromMinutes(10) });
        store.AddReference("default", "tls-cert");
        store.AddReference("default", "config");
        store.AddReference("other", "secret");
        store.AddReference("default", "gone");
        return store;
    }

    [Fact]
    public async Task Items_load_on_first_access_then_come_from_the_cache_until_their_ttl()
    {
        var store = Store();
        Assert.Equal(0, _loads);
        var first = await store.GetAsync("default", "tls-cert");
        Assert.Same(first, await store.GetAsync("default", "tls-cert"));
        Assert.Equal(1, _loads);
        Assert.Equal(new CacheStatistics(Hits: 1, Misses: 1, Loads: 1, LoadFailures: 0, Cached: 1), store.Statistics);

        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.NotSame(first, await store.GetAsync("default", "tls-cert"));
        Assert.Equal(2, _loads);

        store.ClearCache();
        await store.GetAsync("default", "tls-cert");
        Assert.Equal(3, _loads);
    }

    [Fact]
    public async Task Unreferenced_keys_and_items_the_loader_cannot_find_are_null_and_not_cached()
    {
        var store = Store();
        Assert.Null(await store.GetAsync("default", "unknown"));
        Assert.Equal(0, _loads);
        Assert.Null(await store.GetAsync("default", "gone"));
        Assert.Null(await store.GetAsync("default", "gone"));
        Assert.Equal(2, _loads);   // a null is not cached: asked again

        Assert.True(store.RemoveReference("default", "config"));
        Assert.Null(await store.GetAsync("default", "config"));
        Assert.Equal(3, store.ReferenceCount);
    }

    [Fact]
    public async Task Find_loads_every_referenced_item_under_the_prefix()
    {
        var store = Store();
        var items = await store.FindAsync("default");
        Assert.Equal(new[] { "tls-cert", "config" }, items.Select(i => i.Name));   // "gone" loads as null and is skipped
        Assert.Equal(3, _loads);
        await store.FindAsync("default");
        Assert.Equal(4, _loads);   // only "gone" asked again
        Assert.Empty(await store.FindAsync("nowhere"));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_key_share_one_load()
    {
        var gate = new TaskCompletionSource<Ingress?>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        var store = new IngressStore.OnDemand((key, _) => { Interlocked.Increment(ref calls); return new ValueTask<Ingress?>(gate.Task); });
        store.AddReference("ns", "hot");
        var readers = Enumerable.Range(0, 20).Select(_ => store.GetAsync("ns", "hot").AsTask()).ToArray();
        Assert.Equal(1, calls);
        Assert.All(readers, r => Assert.False(r.IsCompleted));
        var item = Make.Ingress("ns", "hot", uid: 1);
        gate.SetResult(item);
        Assert.All(await Task.WhenAll(readers), r => Assert.Same(item, r));
        Assert.Equal(1, store.Statistics.Loads);
        Assert.Equal(20, store.Statistics.Misses);
    }

    [Fact]
    public async Task A_failed_load_is_an_error_for_every_waiting_caller_and_is_not_cached()
    {
        bool fail = false;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new IngressStore.OnDemand(async (key, _) =>
        {
            if (key.Name == "slow")
            {
                await gate.Task;
                throw new InvalidOperationException("api server unavailable");
            }
            return fail ? throw new InvalidOperationException("api server unavailable") : Make.Ingress(key.Namespace, key.Name, uid: 1);
        }, new OnDemandOptions { TimeProvider = _clock, TimeToLive = TimeSpan.FromMinutes(1) });
        store.AddReference("ns", "ok");
        store.AddReference("ns", "slow");

        var cached = await store.GetAsync("ns", "ok");
        fail = true;
        Assert.Same(cached, await store.GetAsync("ns", "ok"));   // the still-valid entry is served, no load attempted

        var waiting = Enumerable.Range(0, 3).Select(_ => store.GetAsync("ns", "slow").AsTask()).ToArray();
        gate.SetResult();
        foreach (var task in waiting)
        {
            var error = await Assert.ThrowsAsync<StoreException>(() => task);
            Assert.Equal("IngressStore.OnDemand", error.StoreName);
            Assert.Equal("GetAsync", error.Operation);
            Assert.Equal(new object?[] { "ns", "slow" }, error.Keys);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
        Assert.Equal(1, store.Statistics.LoadFailures);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<StoreException>(async () => await store.GetAsync("ns", "ok"));
        fail = false;
        Assert.NotNull(await store.GetAsync("ns", "ok"));   // nothing was cached for the failure: the next call loads
    }

    [Fact]
    public async Task The_cache_is_bounded_and_drops_the_least_recently_used_first()
    {
        var store = new IngressStore.OnDemand(Load, new OnDemandOptions { TimeProvider = _clock, MaxItems = 10 });
        for (int n = 0; n < 10; n++)
        {
            store.AddReference("ns", $"i{n}");
            await store.GetAsync("ns", $"i{n}");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        await store.GetAsync("ns", "i0");   // i0 is now the most recently used
        store.AddReference("ns", "i10");
        await store.GetAsync("ns", "i10");
        Assert.Equal(9, store.Statistics.Cached);
        int loads = _loads;
        await store.GetAsync("ns", "i0");
        Assert.Equal(loads, _loads);        // kept
        await store.GetAsync("ns", "i1");
        Assert.Equal(loads + 1, _loads);    // dropped, reloaded
    }

    [Fact]
    public async Task A_store_and_its_on_demand_twin_answer_the_same_reads_behind_one_interface()
    {
        var memory = new IngressStore();
        memory.UpsertMany(new[] { Make.Ingress("default", "tls-cert", uid: 1), Make.Ingress("default", "config", uid: 2), Make.Ingress("other", "secret", uid: 3) });
        using var onDemand = new IngressStore.OnDemand((key, _) => ValueTask.FromResult(memory.Get(key)));
        foreach (var item in memory)
        {
            onDemand.AddReference(item.Namespace, item.Name);
        }

        foreach (IngressStore.IReads reads in new IngressStore.IReads[] { memory, onDemand })
        {
            Assert.Equal(memory.Get("default", "config"), await reads.GetAsync("default", "config"));
            Assert.Null(await reads.GetAsync("default", "missing"));
            Assert.Equal(new[] { "config", "tls-cert" }, (await reads.FindAsync("default")).Select(i => i.Name).Order());
            Assert.Equal(3, (await reads.ListAsync()).Count);
        }
        Assert.Equal("IngressStore", ((IngressStore.IReads)memory).StoreName);
        Assert.Equal("IngressStore.OnDemand", onDemand.StoreName);
    }
}
