using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Redis.Tests;

/// <summary>The change log read a page at a time (PageSize): followers and late replicas get every entry, deletes included.</summary>
public sealed class ChangeLogPagingTests
{
    private static string[] Keys(FlagStore store) => store.ToArray().Select(flag => flag.Key).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_follower_reads_every_page_and_a_late_replica_loads_every_page()
    {
        await using var redis = RedisServer.Shared();
        var writer = new FlagStore();
        var follower = new FlagStore();
        await redis.StartAsync(writer);
        var followerBackend = await redis.StartAsync(options => { options.PageSize = 2; options.PollInterval = TimeSpan.FromHours(1); }, follower);

        for (int n = 0; n < 7; n++)
        {
            writer.Upsert(new Flag("f" + n, "prod", true, n, null));
            await writer.WhenDurableAsync();   // one script, one sequence number each
        }
        writer.Remove("f3", "prod");
        await writer.WhenDurableAsync();
        await followerBackend.SyncAsync(CancellationToken.None);
        Assert.Equal(new[] { "f0", "f1", "f2", "f4", "f5", "f6" }, Keys(follower));

        var late = new FlagStore();
        var lateBackend = await redis.StartAsync(options => options.PageSize = 2, late);
        Assert.Equal(Converge.Sorted(writer), Converge.Sorted(late));
        Assert.Equal(followerBackend.Cursors["FlagStore"], lateBackend.Cursors["FlagStore"]);
    }

    [Fact]
    public async Task A_transaction_longer_than_a_page_reaches_followers_and_late_replicas_whole()
    {
        await using var redis = RedisServer.Shared();
        var writer = new FlagStore();
        var follower = new FlagStore();
        await redis.StartAsync(writer);
        var followerBackend = await redis.StartAsync(options => { options.PageSize = 2; options.PollInterval = TimeSpan.FromHours(1); }, follower);

        writer.Upsert(new Flag("before", "prod", true, 0, null));
        await writer.WhenDurableAsync();
        writer.UpsertMany(Enumerable.Range(0, 5).Select(n => new Flag("t" + n, "prod", true, n, null)));   // one sequence number for five entries
        await writer.WhenDurableAsync();
        await followerBackend.SyncAsync(CancellationToken.None);
        string[] expected = { "before", "t0", "t1", "t2", "t3", "t4" };
        Assert.Equal(expected, Keys(follower));

        var late = new FlagStore();
        await redis.StartAsync(options => options.PageSize = 2, late);
        Assert.Equal(expected, Keys(late));
    }

    [Fact]
    public async Task A_page_that_ends_where_a_sequence_number_ends_is_followed_by_the_next()
    {
        await using var redis = RedisServer.Shared();
        var writer = new FlagStore();
        await redis.StartAsync(writer);
        writer.UpsertMany(new[] { new Flag("a", "prod", true, 1, null), new Flag("b", "prod", true, 2, null) });
        await writer.WhenDurableAsync();
        writer.Upsert(new Flag("c", "prod", true, 3, null));
        await writer.WhenDurableAsync();

        var late = new FlagStore();
        await redis.StartAsync(options => options.PageSize = 2, late);   // the first page is exactly a and b
        Assert.Equal(new[] { "a", "b", "c" }, Keys(late));
    }
}
