using System.Linq;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// A write refused because the write-behind queue is full changes nothing: the store keeps every item it held, and
/// the next accepted write builds on them.
/// </summary>
public sealed class LiveQueueRefusalTests
{
    private static IngressStore Linked(int queueCapacity)
    {
        var store = new IngressStore();
        ((ILiveStore)store).AttachLive(new LiveLinkOptions { QueueCapacity = queueCapacity, Target = "the test's backend" });
        return store;
    }

    [Fact]
    public void A_clear_refused_by_a_full_queue_keeps_every_item_and_later_writes_build_on_them()
    {
        var store = Linked(queueCapacity: 3);
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        store.Upsert(Make.Ingress("ns", "b", uid: 2));
        long version = store.Version;

        var refused = Assert.Throws<StoreException>(() => store.Clear());
        Assert.Equal("Clear", refused.Operation);
        Assert.Contains("the write-behind queue to the test's backend is full (2 changes not yet durable, capacity 3)", refused.Message);
        Assert.Equal(version, store.Version);
        Assert.Equal(new[] { "a", "b" }, store.Select(i => i.Name).Order());

        store.Upsert(Make.Ingress("ns", "c", uid: 3));
        Assert.Equal(3, store.Count);
        Assert.Equal(new[] { "a", "b", "c" }, store.Select(i => i.Name).Order());
        Assert.Equal(new[] { "a", "b", "c" }, store.Find("ns").Select(i => i.Name).Order());
    }

    [Fact]
    public void A_clear_the_queue_accepts_empties_the_store()
    {
        var store = Linked(queueCapacity: 10);
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        store.Upsert(Make.Ingress("ns", "b", uid: 2));

        store.Clear();

        Assert.Equal(0, store.Count);
        Assert.Empty(store);
        store.Upsert(Make.Ingress("ns", "c", uid: 3));
        Assert.Equal(new[] { "c" }, store.Select(i => i.Name));
    }
}
