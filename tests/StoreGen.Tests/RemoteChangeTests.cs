using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;
using Xunit;

namespace StoreGen.Tests;

/// <summary>
/// Other replicas' changes, applied through a live link in this process (the backend's part is played by the test):
/// what they change and report, that they are not written back, that the write guard and MaxCount (which judge this
/// replica's own writes) leave them alone, how a replace removes what the database no longer holds, and how a row
/// taking a unique value displaces the item that held it.
/// </summary>
public sealed class RemoteChangeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static RemoteRow Row(Ingress item, bool deleted = false, long version = 0)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            IngressJsonCodec.Write(writer, item);
        }
        return new RemoteRow(deleted, Encoding.UTF8.GetString(buffer.WrittenSpan), new object?[] { item.Namespace, item.Name }, version);
    }

    private static (IngressStore Store, LiveLink Link) Linked(StoreOptions? options = null)
    {
        var store = new IngressStore(options);
        return (store, ((ILiveStore)store).AttachLive(new LiveLinkOptions()));
    }

    private static string[] Names(IngressStore store) => store.Select(i => i.Name).ToArray();

    [Fact]
    public void Remote_rows_add_update_and_delete_and_the_count_returned_is_the_changes_made()
    {
        var (store, link) = Linked();
        var a = Make.Ingress("ns", "a", uid: 1);
        var b = Make.Ingress("ns", "b", uid: 2);
        Assert.Equal(2, link.ApplyRemote(new[] { Row(a), Row(b) }, "test", 1));
        long version = store.Version;

        var changed = a with { Port = 8080 };
        Assert.Equal(2, link.ApplyRemote(new[] { Row(changed), Row(b, deleted: true), Row(Make.Ingress("ns", "gone", uid: 3), deleted: true) }, "test", 2));

        Assert.Equal(version + 2, store.Version);
        Assert.Equal(new[] { "a" }, Names(store));
        Assert.Equal(changed, store.Get("ns", "a"));
        Assert.Equal(new[] { (ChangeKind.Updated, 8080), (ChangeKind.Removed, 80) },
            store.GetChangesSince(version).Changes.Select(c => (c.Kind, c.Item.Port)));
        Assert.Equal(0, link.QueueDepth);   // nothing of it is written back
    }

    [Fact]
    public void A_remote_row_equal_to_the_stored_item_is_no_change()
    {
        var (store, link) = Linked(new StoreOptions { DefaultTimeToLive = TimeSpan.FromHours(1) });
        var a = Make.Ingress("ns", "a", uid: 1);
        link.ApplyRemote(new[] { Row(a) }, "test", 1);
        long version = store.Version;

        Assert.Equal(0, link.ApplyRemote(new[] { Row(a) }, "test", 2));
        Assert.Equal(version, store.Version);
        Assert.Empty(store.GetChangesSince(version).Changes);
    }

    [Fact]
    public async Task Remote_changes_wake_watchers()
    {
        var (store, link) = Linked();
        await using var watch = store.WatchAsync(store.Version).GetAsyncEnumerator();
        var next = watch.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);

        link.ApplyRemote(new[] { Row(Make.Ingress("ns", "a", uid: 1)) }, "test", 1);

        Assert.True(await next.WaitAsync(Bound));
        Assert.Equal(("a", ChangeKind.Added), (Assert.Single(watch.Current.Changes).Item.Name, Assert.Single(watch.Current.Changes).Kind));
    }

    [Fact]
    public void The_write_guard_and_MaxCount_judge_this_replicas_writes_not_other_replicas_changes()
    {
        bool refuse = true;
        var (store, link) = Linked(new StoreOptions<Ingress>
        {
            MaxCount = 2,
            WriteGuard = (in WriteAttempt<Ingress> _) => refuse ? "this replica is a follower" : null,
        });

        Assert.Equal(3, link.ApplyRemote(Enumerable.Range(0, 3).Select(n => Row(Make.Ingress("ns", $"r{n}", uid: n))).ToArray(), "test", 1));
        Assert.Equal(1, link.ApplyRemote(new[] { Row(Make.Ingress("ns", "r0", uid: 0), deleted: true) }, "test", 2));
        Assert.Equal(new[] { "r1", "r2" }, Names(store));

        var guarded = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "local", uid: 9)));
        Assert.Equal("Upsert", guarded.Operation);
        Assert.Equal("rejected by the write guard: this replica is a follower", guarded.Reason);
        refuse = false;
        var limited = Assert.Throws<StoreException>(() => store.Upsert(Make.Ingress("ns", "local", uid: 9)));
        Assert.Equal("the store would hold 3 items, more than its MaxCount of 2; nothing was changed", limited.Reason);
        Assert.Equal(new[] { "r1", "r2" }, Names(store));
        Assert.Equal(0, link.QueueDepth);
    }

    [Fact]
    public void Replacing_from_remote_removes_what_the_database_no_longer_holds_but_keeps_queued_local_writes()
    {
        var (store, link) = Linked();
        link.ApplyRemote(new[] { Row(Make.Ingress("ns", "a", uid: 1)), Row(Make.Ingress("ns", "b", uid: 2)) }, "test", 1);
        store.Upsert(Make.Ingress("ns", "local", uid: 3));   // queued, not yet in the database
        long version = store.Version;

        var c = Make.Ingress("ns", "c", uid: 4);
        int changes = link.ReplaceFromRemote(new[] { Row(Make.Ingress("ns", "a", uid: 1)), Row(c), Row(Make.Ingress("ns", "d", uid: 5), deleted: true) }, "test", 2);

        Assert.Equal(2, changes);   // b removed, c added; a unchanged; the tombstone for d adds nothing
        Assert.Equal(new[] { "a", "local", "c" }, Names(store));
        Assert.Equal(new[] { (ChangeKind.Removed, "b"), (ChangeKind.Added, "c") },
            store.GetChangesSince(version).Changes.Select(ch => (ch.Kind, ch.Item.Name)));
        Assert.Equal(1, link.QueueDepth);   // only the local write
    }

    [Fact]
    public void Replacing_an_empty_store_from_remote_adds_the_live_rows_only()
    {
        var (store, link) = Linked();
        int changes = link.ReplaceFromRemote(new[] { Row(Make.Ingress("ns", "a", uid: 1)), Row(Make.Ingress("ns", "b", uid: 2), deleted: true) }, "test", 1);
        Assert.Equal(1, changes);
        Assert.Equal(new[] { "a" }, Names(store));
    }

    [Fact]
    public void A_remote_row_without_a_version_for_a_key_with_a_queued_local_write_leaves_the_local_write()
    {
        var (store, link) = Linked();
        var local = Make.Ingress("ns", "a", port: 1, uid: 1);
        store.Upsert(local);

        Assert.Equal(1, link.ApplyRemote(new[] { Row(Make.Ingress("ns", "a", port: 2, uid: 1)), Row(Make.Ingress("ns", "b", uid: 2)) }, "test", 1));

        Assert.Same(local, store.Get("ns", "a"));
        Assert.NotNull(store.Get("ns", "b"));
    }

    [Fact]
    public void A_remote_row_taking_a_unique_value_displaces_the_item_that_held_it()
    {
        var (store, link) = Linked();
        link.ApplyRemote(new[] { Row(Make.Ingress("ns", "old", uid: 7)), Row(Make.Ingress("ns", "other", uid: 8)) }, "test", 1);
        long version = store.Version;

        var taker = Make.Ingress("ns", "new", uid: 7);
        Assert.Equal(2, link.ApplyRemote(new[] { Row(taker) }, "test", 2));

        Assert.Null(store.Get("ns", "old"));
        Assert.Equal(taker, store.GetByUid(Make.Uid(7)));
        Assert.Equal(new[] { "other", "new" }, Names(store));
        Assert.Equal(new[] { (ChangeKind.Added, "new"), (ChangeKind.Removed, "old") },
            store.GetChangesSince(version).Changes.Select(c => (c.Kind, c.Item.Name)));
        Invariants.Check(store.Snapshot());
    }

    [Fact]
    public void A_remote_row_taking_the_unique_value_of_a_queued_local_write_is_displaced_itself()
    {
        var (store, link) = Linked();
        var local = Make.Ingress("ns", "local", uid: 7);
        store.Upsert(local);   // queued: it commits after the remote row, so it wins
        long version = store.Version;

        link.ApplyRemote(new[] { Row(Make.Ingress("ns", "remote", uid: 7)) }, "test", 1);

        Assert.Null(store.Get("ns", "remote"));
        Assert.Same(local, store.GetByUid(Make.Uid(7)));
        Assert.Equal(new[] { "local" }, Names(store));
        Assert.Equal(1, link.QueueDepth);
        Invariants.Check(store.Snapshot());
        Assert.True(store.Version >= version);
    }

    [Fact]
    public void Attaching_a_second_live_backend_is_an_error_naming_the_store()
    {
        var (store, _) = Linked();
        var error = Assert.Throws<StoreException>(() => ((ILiveStore)store).AttachLive(new LiveLinkOptions()));
        Assert.Equal("IngressStore", error.StoreName);
        Assert.Equal("AttachLive", error.Operation);
        Assert.Equal("a live backend is already attached", error.Reason);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => ((ILiveStore)new IngressStore()).AttachLive(null!)).ParamName);
    }

    [Fact]
    public async Task Items_stored_before_the_backend_came_are_queued_first_as_one_transaction()
    {
        var store = new IngressStore();
        store.UpsertMany(new[] { Make.Ingress("ns", "a", uid: 1), Make.Ingress("ns", "b", uid: 2) });
        store.Remove("ns", "a");
        var link = ((ILiveStore)store).AttachLive(new LiveLinkOptions());
        store.Upsert(Make.Ingress("ns", "c", uid: 3));

        var first = await link.ReadLocalAsync(100, CancellationToken.None).AsTask().WaitAsync(Bound);
        Assert.Equal(2, first.Count);   // b (stored before), then c
        Assert.Equal(store.Version, first.LastVersion);
    }
    [Fact]
    public void The_link_reports_the_item_limit_only_when_writes_past_it_are_rejected()
    {
        Assert.Equal(5, Linked(new StoreOptions { MaxCount = 5 }).Link.MaxCount);
        Assert.Null(Linked(new StoreOptions { MaxCount = 5, Overflow = OverflowPolicy.EvictOldest }).Link.MaxCount);
        Assert.Null(Linked().Link.MaxCount);
    }
}
