using System;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace StoreGen.Tests;

/// <summary>An item expires at its instant exactly: invisible, sweepable and replaceable from that tick on, never before.</summary>
public class ExpiryBoundaryTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _clock = TestClock.New();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void One_tick_before_its_instant_an_item_is_live_to_every_read()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(new Session("a", "ann", Now.AddMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(1) - Tick);

        Assert.NotNull(store.Get("a"));
        Assert.Equal(1, store.Count);
        Assert.Equal(0, store.Sweep());
        Assert.False(store.TryAdd(new Session("a", "again", null)));
        Assert.Equal("ann", store.Get("a")!.User);
    }

    [Fact]
    public void At_its_instant_an_item_is_gone_from_reads_and_count()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(new Session("a", "ann", Now.AddMinutes(1)));
        store.Upsert(new Session("b", "bob", Now.AddMinutes(5)));
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(store.Get("a"));
        Assert.Equal(1, store.Count);
        Assert.Equal(new[] { "b" }, store.Select(s => s.Id));
    }

    [Fact]
    public void At_its_instant_a_sweep_removes_it_and_TryAdd_replaces_it()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(new Session("a", "ann", Now.AddMinutes(1)));
        store.Upsert(new Session("b", "bob", Now.AddMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(store.TryAdd(new Session("a", "again", null)));
        Assert.Equal("again", store.Get("a")!.User);
        Assert.Equal(1, store.Sweep(Now));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void A_store_without_expiry_sweeps_nothing()
    {
        var store = new IngressStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        _clock.Advance(TimeSpan.FromDays(10_000));

        Assert.Equal(0, store.Sweep());
        Assert.Equal(1, store.Version);
        Assert.NotNull(store.Get("ns", "a"));
    }

    [Fact]
    public void A_sweep_of_a_table_filled_to_its_last_entry_expires_every_item()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.UpsertMany(Enumerable.Range(0, 16).Select(n => new Session($"s{n}", "u", Now.AddMinutes(1))));   // the initial 16 entries, all used
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(16, store.Sweep());
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void After_a_sweep_the_count_notices_the_next_item_to_expire()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(new Session("first", "f", Now.AddMinutes(1)));
        store.Upsert(new Session("second", "s", Now.AddMinutes(2)));
        store.Upsert(new Session("third", "t", Now.AddMinutes(3)));
        store.Upsert(new Session("never", "n", null));

        _clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(1, store.Sweep());
        Assert.Equal(3, store.Count);

        _clock.Advance(TimeSpan.FromMinutes(1));   // "second" expired; no sweep since
        Assert.Equal(2, store.Count);
        Assert.Equal(new[] { "never", "third" }, store.Select(s => s.Id).Order());
    }
}
