using System;
using System.Linq;
using Xunit;

namespace StoreGen.Tests;

public class LimitsAndGuardsTests
{
    [Fact]
    public void MaxCount_with_reject_refuses_the_write_and_changes_nothing()
    {
        var store = new IngressStore(new StoreOptions { MaxCount = 3 });
        store.UpsertMany(Enumerable.Range(0, 3).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        var error = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "i3", uid: 3)));
        Assert.Equal("Upsert", error.Operation);
        Assert.Contains("would hold 4 items, more than its MaxCount of 3", error.Message);
        Assert.Equal(3, store.Count);
        Assert.Equal(3, store.Version);
        Assert.Null(store.Get("ns", "i3"));

        store.Upsert(Make.Ingress("ns", "i0", port: 9, uid: 0));   // replacing does not grow the store
        Assert.Equal(9, store.Get("ns", "i0")!.Port);
        Assert.Throws<StoreException>(() => store.UpsertMany(new[] { Make.Ingress("ns", "x", uid: 10), Make.Ingress("ns", "y", uid: 11) }));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void MaxCount_with_evict_oldest_removes_the_least_recently_written_and_keeps_indexes_clean()
    {
        var store = new IngressStore(new StoreOptions { MaxCount = 3, Overflow = OverflowPolicy.EvictOldest });
        store.UpsertMany(Enumerable.Range(0, 3).Select(n => Make.Ingress("ns", $"i{n}", host: $"h{n}", uid: n)));
        store.Upsert(Make.Ingress("ns", "i0", host: "h0", port: 5, uid: 0));   // i0 is now the newest
        long version = store.Version;
        store.Upsert(Make.Ingress("ns", "i3", host: "h3", uid: 3));

        Assert.Equal(new[] { "i2", "i0", "i3" }, store.Select(i => i.Name));
        Assert.Empty(store.FindByHost("h1"));
        Assert.Null(store.GetByUid(Make.Uid(1)));
        var changes = store.GetChangesSince(version).Changes;
        Assert.Equal(new[] { ChangeKind.Added, ChangeKind.Removed }, changes.Select(c => c.Kind));
        Assert.Equal("i1", changes[1].Item.Name);
        Invariants.Check(store.Snapshot());

        store.UpsertMany(Enumerable.Range(10, 5).Select(n => Make.Ingress("ns", $"i{n}", uid: n)));
        Assert.Equal(new[] { "i12", "i13", "i14" }, store.Select(i => i.Name));
        Invariants.Check(store.Snapshot());
    }

    private enum Role
    {
        Leader,
        Follower,
    }

    [Fact]
    public void Write_guard_enforces_the_metric_stores_leader_and_follower_rule()
    {
        var role = Role.Follower;
        var store = new MetricPointStore(new StoreOptions<MetricPoint>
        {
            // Only the leader scrapes; followers may only backfill. Removals are the leader's alone.
            WriteGuard = (in WriteAttempt<MetricPoint> attempt) => (role, attempt.Kind, attempt.Item.Source) switch
            {
                (Role.Leader, _, _) => null,
                (Role.Follower, WriteKind.Upsert, WriteSource.WorkerBackfill) => null,
                (Role.Follower, WriteKind.Remove, _) => "followers may not remove series",
                _ => "followers may not write leader_scrape points",
            },
        });
        var now = DateTimeOffset.UnixEpoch;
        store.Upsert(new MetricPoint("up", "job=a", 1, WriteSource.WorkerBackfill, now));

        var rejected = Assert.Throws<StoreException>(() => store.Upsert(new MetricPoint("up", "job=b", 1, WriteSource.LeaderScrape, now)));
        Assert.Equal("Upsert", rejected.Operation);
        Assert.Equal(new object?[] { "up", "job=b" }, rejected.Keys);
        Assert.Contains("rejected by the write guard: followers may not write leader_scrape points", rejected.Message);

        var batch = Assert.Throws<StoreException>(() => store.UpsertMany(new[]
        {
            new MetricPoint("up", "job=c", 1, WriteSource.WorkerBackfill, now),
            new MetricPoint("up", "job=d", 1, WriteSource.LeaderScrape, now),
        }));
        Assert.Equal("UpsertMany", batch.Operation);
        Assert.Throws<StoreException>(() => store.Remove("up", "job=a"));
        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.Version);

        role = Role.Leader;
        store.Upsert(new MetricPoint("up", "job=b", 1, WriteSource.LeaderScrape, now));
        Assert.True(store.Remove("up", "job=a"));
        Assert.Equal(new[] { "job=b" }, store.Select(m => m.Labels));
    }

    [Fact]
    public void User_code_that_throws_inside_a_write_leaves_nothing_of_it_behind()
    {
        bool explode = false;
        var store = new MetricPointStore(new StoreOptions<MetricPoint>
        {
            WriteGuard = (in WriteAttempt<MetricPoint> attempt) =>
                explode && attempt.Item.Labels == "job=boom" ? throw new InvalidOperationException("guard bug") : null,
        });
        var now = DateTimeOffset.UnixEpoch;
        store.UpsertMany(new[] { new MetricPoint("up", "job=a", 1, WriteSource.LeaderScrape, now), new MetricPoint("up", "job=boom", 1, WriteSource.LeaderScrape, now) });
        explode = true;

        // A guard that throws (not a rejection: a bug) in the middle of a batch: replaced and appended entries are rolled back.
        Assert.Throws<InvalidOperationException>(() => store.UpsertMany(new[]
        {
            new MetricPoint("up", "job=a", 2, WriteSource.LeaderScrape, now),
            new MetricPoint("up", "job=new", 2, WriteSource.LeaderScrape, now),
            new MetricPoint("up", "job=boom", 2, WriteSource.LeaderScrape, now),
        }));
        // A predicate that throws half-way through RemoveWhere.
        Assert.Throws<InvalidOperationException>(() => store.RemoveWhere(p => p.Labels == "job=boom" ? throw new InvalidOperationException("predicate bug") : true));

        long version = store.Version;
        store.Upsert(new MetricPoint("other", "job=x", 1, WriteSource.LeaderScrape, now));   // the next commit must not publish any of it
        Assert.Equal(version + 1, store.Version);
        Assert.Equal(3, store.Count);
        Assert.Equal(1, store.Get("up", "job=a")?.Value);
        Assert.Null(store.Get("up", "job=new"));
        Assert.Equal(1, store.Get("up", "job=boom")?.Value);
        Assert.Equal(store.Count, store.Snapshot().Count());
    }

    [Fact]
    public void The_write_guard_sees_the_context_passed_with_each_call()
    {
        var store = new MetricPointStore(new StoreOptions<MetricPoint>
        {
            WriteGuard = (in WriteAttempt<MetricPoint> attempt) => attempt.Context switch
            {
                { Role: "leader", Source: "scrape" } => null,
                { Role: "worker" } when attempt.Kind == WriteKind.Remove => null,
                null => "a write must say who is writing",
                var context => $"{context.Role}/{context.Source} may not {attempt.Kind}",
            },
        });
        var point = new MetricPoint("up", "job=a", 1, WriteSource.LeaderScrape, DateTimeOffset.UnixEpoch);
        var leader = new WriteContext(Role: "leader", Source: "scrape");
        var worker = new WriteContext(Role: "worker", Source: "backfill");

        store.Upsert(point, leader);
        var anonymous = Assert.Throws<StoreException>(() => store.Upsert(point with { Value = 2 }));
        Assert.Contains("a write must say who is writing", anonymous.Message, StringComparison.Ordinal);
        var backfill = Assert.Throws<StoreException>(() => store.UpsertMany(new[] { point with { Value = 3 } }, worker));
        Assert.Contains("worker/backfill may not Upsert", backfill.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Get("up", "job=a")!.Value);

        Assert.Throws<StoreException>(() => store.Remove(MetricPointStore.KeyOf(point)));   // the next write starts without a context
        Assert.True(store.Remove(MetricPointStore.KeyOf(point), worker));
        Assert.Equal(0, store.Count);
    }
}
