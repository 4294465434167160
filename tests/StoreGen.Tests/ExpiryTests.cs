using System;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace StoreGen.Tests;

public class ExpiryTests
{
    private readonly FakeTimeProvider _clock = TestClock.New();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Expired_items_are_invisible_to_every_read_before_a_sweep_and_the_sweep_reports_them()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock });
        store.Upsert(new Session("a", "ann", Now.AddMinutes(1)));
        store.Upsert(new Session("b", "bob", Now.AddMinutes(10)));
        store.Upsert(new Session("c", "cid", null));
        var before = store.Snapshot();

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(store.Get("a"));
        Assert.False(store.ContainsKey("a"));
        Assert.Equal(2, store.Count);
        Assert.Equal(new[] { "b", "c" }, store.Select(s => s.Id));
        Assert.Empty(store.GetByKeys("a"));
        Assert.NotNull(before.Get("a"));      // a snapshot judges expiry at the time it was taken
        Assert.Equal(3, before.Count);

        long version = store.Version;
        Assert.Equal(1, store.Sweep());
        Assert.Equal(new Change<Session>(ChangeKind.Expired, new Session("a", "ann", before.Get("a")!.ExpiresAt), version + 1),
            Assert.Single(store.GetChangesSince(version).Changes));
        Assert.Equal(0, store.Sweep());
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Default_time_to_live_runs_from_each_write_and_an_explicit_expiry_wins()
    {
        var store = new IngressStore(new StoreOptions { TimeProvider = _clock, DefaultTimeToLive = TimeSpan.FromMinutes(5) });
        store.Upsert(Make.Ingress("ns", "a", uid: 1));
        _clock.Advance(TimeSpan.FromMinutes(4));
        store.Upsert(Make.Ingress("ns", "a", port: 2, uid: 1));   // rewritten: five more minutes
        store.Upsert(Make.Ingress("ns", "b", uid: 2));
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(2, store.Get("ns", "a")!.Port);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(store.Get("ns", "a"));
        Assert.Empty(store.Find("ns"));
        Assert.Empty(store.FindByHost("h"));
        Assert.Null(store.GetByUid(Make.Uid(1)));
        Assert.Equal(2, store.Sweep(Now));

        var sessions = new SessionStore(new StoreOptions { TimeProvider = _clock, DefaultTimeToLive = TimeSpan.FromMinutes(1) });
        sessions.Upsert(new Session("explicit", "x", Now.AddHours(1)));
        sessions.Upsert(new Session("default", "y", null));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new[] { "explicit" }, sessions.Select(s => s.Id));
    }

    [Fact]
    public void An_expired_key_can_be_added_again_and_the_background_sweeper_removes_expired_items()
    {
        var store = new SessionStore(new StoreOptions { TimeProvider = _clock, SweepInterval = TimeSpan.FromMinutes(1) });
        store.Upsert(new Session("a", "ann", Now.AddSeconds(30)));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(store.TryAdd(new Session("a", "again", Now.AddHours(1))));
        store.Upsert(new Session("b", "bob", Now.AddSeconds(10)));
        long version = store.Version;

        _clock.Advance(TimeSpan.FromSeconds(20));   // the sweeper fires at one minute
        var change = Assert.Single(store.GetChangesSince(version).Changes);
        Assert.Equal(ChangeKind.Expired, change.Kind);
        Assert.Equal("b", change.Item.Id);
        Assert.Equal("again", store.Get("a")!.User);

        store.Dispose();                             // stops the sweeper
        store.Upsert(new Session("c", "cid", Now.AddSeconds(1)));
        version = store.Version;
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(store.GetChangesSince(version).Changes);
    }

    [Fact]
    public void RemoveWhere_deletes_old_records_and_returns_the_count()
    {
        var store = new ErrorRecordStore();
        for (int n = 0; n < 10; n++)
        {
            store.Upsert(Errors.Make(n, lastSeen: Now.AddDays(-n)));
        }
        long version = store.Version;
        int removed = store.RemoveWhere(e => e.LastSeen < Now.AddDays(-6));   // the error-log store's DeleteOldErrors
        Assert.Equal(3, removed);
        Assert.Equal(7, store.Count);
        Assert.All(store.GetChangesSince(version).Changes, c => Assert.Equal(ChangeKind.Removed, c.Kind));
        Assert.Equal(0, store.RemoveWhere(_ => false));
    }
}
