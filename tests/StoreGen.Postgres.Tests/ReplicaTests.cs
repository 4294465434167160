using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StoreGen.Live;

namespace StoreGen.Postgres.Tests;

public sealed class ReplicaTests : DatabaseTests
{
    private static readonly string[] Keys = { "a", "ключ", "🚩", "x'); DROP TABLE flags; --", "\"q\"", new string('k', 5000), " " };

    [Fact]
    public async Task Three_replicas_writing_at_random_converge_to_the_model()
    {
        var stores = Enumerable.Range(0, 3).Select(_ => new FlagStore()).ToArray();
        var backends = new List<PostgresLiveBackend>();
        foreach (var store in stores)
        {
            backends.Add(await Db.StartAsync(store));
        }
        // Each replica owns an env (its writes have an exact model) and all share "shared" (last writer wins).
        var models = new Dictionary<(string, string), Flag>[3];
        await Task.WhenAll(Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var model = models[r] = new();
            for (int n = 0; n < 400; n++)
            {
                string key = Keys[random.Next(Keys.Length)];
                string env = random.Next(3) == 0 ? "shared" : "env" + r;
                if (random.Next(4) == 0)
                {
                    stores[r].Remove(key, env);
                    model.Remove((key, env));
                }
                else
                {
                    var flag = new Flag(key, env, random.Next(2) == 0, random.Next(100), n % 7 == 0 ? null : "d" + n);
                    stores[r].Upsert(flag);
                    model[(key, env)] = flag;
                }
            }
        })));
        foreach (var store in stores)
        {
            await store.WhenDurableAsync();
        }
        foreach (var backend in backends)
        {
            await backend.SyncAsync(CancellationToken.None);
        }
        var expected = Converge.Sorted(stores[0]).ToArray();
        foreach (var store in stores)
        {
            Assert.Equal(expected, Converge.Sorted(store));
        }
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(models[r].Values.Where(f => f.Env == "env" + r).OrderBy(f => f.Key, StringComparer.Ordinal), Converge.Sorted(stores[0]).Where(f => f.Env == "env" + r));
        }
        // A late replica loads the same state from the table.
        var late = new FlagStore();
        await Db.StartAsync(late);
        Assert.Equal(expected, Converge.Sorted(late));
        Assert.All(backends, backend => Assert.Equal(0, backend.QueueDepth));
    }

    [Fact]
    public async Task Remote_changes_reach_the_change_feed_but_are_not_written_back()
    {
        var writer = new FlagStore();
        var reader = new FlagStore();
        await Db.StartAsync(writer);
        var readerBackend = await Db.StartAsync(reader);
        writer.Upsert(new Flag("k", "prod", true, 50, null));
        writer.Remove("k", "prod");
        writer.Upsert(new Flag("k", "dev", true, 10, null));
        await writer.WhenDurableAsync();
        long versionBefore = await Db.ScalarAsync<long>($"SELECT version FROM {Db.QuotedSchema}.storegen_versions WHERE store = 'FlagStore'");
        await Converge.UntilAsync(reader, s => s.Get("k", "dev") is not null, "the reader sees the writer's flag");
        var changes = reader.GetChangesSince(0);
        Assert.Contains(changes.Changes, c => c.Item == new Flag("k", "dev", true, 10, null));
        await readerBackend.SyncAsync(CancellationToken.None);
        Assert.Equal(0, ((ILiveStore)reader).Live!.QueueDepth);
        long versionAfter = await Db.ScalarAsync<long>($"SELECT version FROM {Db.QuotedSchema}.storegen_versions WHERE store = 'FlagStore'");
        Assert.Equal(versionBefore, versionAfter);   // the reader wrote nothing back
        Assert.Null(reader.Get("k", "prod"));
    }

    [Fact]
    public async Task Replicas_starting_together_create_the_table_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new FlagStore()).ToArray();
        await Task.WhenAll(stores.Select(store => Db.StartAsync(store)));
        stores[0].Upsert(new Flag("one", "prod", true, 1, null));
        await stores[0].WhenDurableAsync();
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {Db.QuotedSchema}.\"storegen_FlagStore\""));
    }

    [Fact]
    public async Task A_killed_listener_connection_reconnects_and_replicas_still_converge()
    {
        var writer = new FlagStore();
        var reader = new FlagStore();
        await Db.StartAsync(writer);
        var readerBackend = await Db.StartAsync(reader);
        int killed = await Db.ScalarAsync<int>(
            $"SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE query = 'LISTEN \"storegen:{Db.Schema.Replace("\"", "\"\"").Replace("'", "''")}\"'");
        Assert.True(killed >= 2, $"expected both listeners to be terminated, terminated {killed}");
        writer.Upsert(new Flag("after-kill", "prod", true, 1, null));
        await writer.WhenDurableAsync();
        await Converge.UntilAsync(reader, s => s.Get("after-kill", "prod") is not null, "the reader catches up after its listener was killed");
        await Converge.UntilAsync(reader, _ => readerBackend.Listening, "the listener is back");
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_is_an_error_naming_table_and_key()
    {
        var writer = new FlagStore();
        var reader = new FlagStore();
        await Db.StartAsync(writer);
        writer.Upsert(new Flag("bad", "prod", true, 1, null));
        await writer.WhenDurableAsync();
        await Db.ScalarAsync<int>($"WITH u AS (UPDATE {Db.QuotedSchema}.\"storegen_FlagStore\" SET sg_item = '{{\"rollout\": \"not a number\"}}' RETURNING 1) SELECT count(*)::int FROM u");
        var error = await Assert.ThrowsAsync<StoreException>(() => Db.StartAsync(reader));
        Assert.Contains("storegen_FlagStore", error.Message);
        Assert.Contains("bad", error.Message);
        Assert.Empty(reader);
    }

    [Fact]
    public async Task A_replica_behind_the_tombstone_horizon_resets()
    {
        var writer = new FlagStore();
        var behind = new FlagStore();
        var writerBackend = await Db.StartAsync(options => options.TombstoneRetention = 0, writer);
        var behindBackend = await Db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, behind);
        writer.Upsert(new Flag("gone", "prod", true, 1, null));
        writer.Upsert(new Flag("kept", "prod", true, 2, null));
        await writer.WhenDurableAsync();
        await behindBackend.SyncAsync(CancellationToken.None);
        Assert.NotNull(behind.Get("gone", "prod"));

        writer.Remove("gone", "prod");
        await writer.WhenDurableAsync();
        Assert.Equal(1, await writerBackend.PurgeTombstonesAsync(CancellationToken.None));   // the tombstone is gone: polling cannot see the delete
        await behindBackend.SyncAsync(CancellationToken.None);

        Assert.Equal(1, behindBackend.Resets);
        Assert.Null(behind.Get("gone", "prod"));
        Assert.Equal(new Flag("kept", "prod", true, 2, null), behind.Get("kept", "prod"));
    }

    [Fact]
    public void A_key_member_without_a_column_type_is_refused_naming_it()
    {
        var schema = new LiveKeySchema(new[] { "Name", "Shape" }, new[] { LiveColumnType.Text, LiveColumnType.Unsupported });
        Assert.Contains("Shape", schema.Unsupported);
        Assert.DoesNotContain("Name,", schema.Unsupported);
    }

    [Fact]
    public async Task A_local_write_not_yet_committed_is_not_undone_by_an_older_remote_row()
    {
        var local = new FlagStore();
        var remote = new FlagStore();
        var localBackend = await Db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, local);
        await Db.StartAsync(remote);
        remote.Upsert(new Flag("x", "prod", true, 1, "remote"));
        await remote.WhenDurableAsync();

        // Hold the counter row's lock: the local replica's write-behind waits on it, so its write stays queued.
        await using var blocker = new Npgsql.NpgsqlConnection(Db.ConnectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"SELECT version FROM {Db.QuotedSchema}.storegen_versions WHERE store = 'FlagStore' FOR UPDATE", blocker, hold))
        {
            await lockRow.ExecuteScalarAsync();
        }
        local.Upsert(new Flag("x", "prod", false, 2, "local"));
        await localBackend.SyncAsync(CancellationToken.None);         // reads the remote row for x
        Assert.Equal("local", local.Get("x", "prod")!.Description);     // the queued local write still shows

        await hold.RollbackAsync();
        await local.WhenDurableAsync();
        await Converge.UntilAsync(remote, s => s.Get("x", "prod")!.Description == "local", "the local write, committed last, wins everywhere");
    }

    [Fact]
    public async Task A_table_left_by_a_different_key_is_refused_naming_it()
    {
        await Db.ScalarAsync<int>($"CREATE SCHEMA {Db.QuotedSchema}; CREATE TABLE {Db.QuotedSchema}.\"storegen_FlagStore\" (\"Key\" text PRIMARY KEY, sg_version bigint NOT NULL, sg_deleted boolean NOT NULL, sg_item jsonb NOT NULL); SELECT 1");
        var store = new FlagStore();
        store.Upsert(new Flag("local", "prod", true, 1, null));
        var error = await Assert.ThrowsAsync<StoreException>(() => Db.StartAsync(store));
        Assert.Contains("storegen_FlagStore", error.Message);
        Assert.Contains("(Key text) but the store's key is (Key text, Env text)", error.Message);
        Assert.Equal(0L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {Db.QuotedSchema}.\"storegen_FlagStore\""));
    }
}
