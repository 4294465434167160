using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace StoreGen.Postgres.Tests;

/// <summary>PostgreSQL stopped and restarted under running replicas (a private cluster, so the shared one is untouched).</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_restarted_server_loses_nothing_acknowledged_and_queued_writes_land()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var db = new Database(cluster.ConnectionString);
        var writer = new FlagStore();
        var reader = new FlagStore();
        var writerBackend = await db.StartAsync(options => options.QueueCapacity = 30, writer);
        await db.StartAsync(reader);
        for (int n = 0; n < 30; n++)
        {
            writer.Upsert(new Flag("before" + n, "prod", true, n, null));
        }
        await writer.WhenDurableAsync();

        await cluster.StopServerAsync();
        for (int n = 0; n < 30; n++)
        {
            writer.Upsert(new Flag("during" + n, "prod", true, n, null));
        }
        Assert.Equal(30, writerBackend.QueueDepth);                    // queued, not lost
        Assert.Equal(60, writer.Count);                                 // reads keep serving
        var full = Assert.Throws<StoreException>(() => writer.Upsert(new Flag("overflow", "prod", true, 0, null)));
        Assert.Contains("queue", full.Message);
        Assert.Null(writer.Get("overflow", "prod"));                    // a rejected write changes nothing

        await cluster.StartServerAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await writer.WhenDurableAsync(deadline.Token);
        Assert.Equal(0, writerBackend.QueueDepth);
        await Converge.UntilAsync(reader, s => s.Count == 60, "the reader has every acknowledged and queued write");
        Assert.Equal(Converge.Sorted(writer), Converge.Sorted(reader));
        Assert.Equal(60L, await db.ScalarAsync<long>($"SELECT count(*) FROM {db.QuotedSchema}.\"storegen_FlagStore\" WHERE NOT sg_deleted"));
    }

    [Fact]
    public async Task A_replica_started_while_the_server_is_down_waits_and_then_merges()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var db = new Database(cluster.ConnectionString);
        var first = new FlagStore();
        await db.StartAsync(first);
        first.Upsert(new Flag("stored", "prod", true, 1, null));
        await first.WhenDurableAsync();
        await cluster.StopServerAsync();

        var late = new FlagStore();
        late.Upsert(new Flag("local", "prod", false, 2, null));        // written before the backend could read the table
        var starting = db.StartAsync(late);
        Assert.False(starting.IsCompleted);
        await cluster.StartServerAsync();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        await late.WhenDurableAsync();
        Assert.Equal(new[] { "local", "stored" }, late.ToArray().Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal));
        await Converge.UntilAsync(first, s => s.Get("local", "prod") is not null, "the first replica sees the late replica's local write");
    }
}
