using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using StoreGen.Live;

namespace StoreGen.Postgres.Tests;

/// <summary>PostgreSQL's conditional write compares and writes under the counter row's lock, so no writer commits in between.</summary>
public sealed class ConditionalWriteTests : DatabaseTests
{
    [Fact]
    public async Task A_writer_that_commits_while_a_conditional_write_waits_for_the_counter_row_makes_it_conflict()
    {
        var store = new FlagStore();
        await Db.StartAsync(store);
        long seen = await store.UpsertIfVersionAsync(new Flag("f", "prod", true, 1, null), 0);

        // Another writer: takes the counter row's lock and rewrites the row at a new version, not yet committed.
        await using var other = new NpgsqlConnection(Db.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        long later;
        await using (var bump = new NpgsqlCommand($"UPDATE {Db.QuotedSchema}.\"storegen_versions\" SET version = version + 1 WHERE store = 'FlagStore' RETURNING version", other, transaction))
        {
            later = (long)(await bump.ExecuteScalarAsync())!;
        }
        await using (var rewrite = new NpgsqlCommand($"UPDATE {Db.QuotedSchema}.\"storegen_FlagStore\" SET sg_version = {later} WHERE \"Key\" = 'f'", other, transaction))
        {
            Assert.Equal(1, await rewrite.ExecuteNonQueryAsync());
        }

        var conditional = store.UpsertIfVersionAsync(new Flag("f", "prod", false, 2, null), seen);
        await WaitUntilBlockedByAsync(other.ProcessID);
        await transaction.CommitAsync();

        var conflict = await Assert.ThrowsAsync<LiveConflictException>(() => conditional);
        Assert.Equal((seen, later), (conflict.ExpectedVersion, conflict.ActualVersion));
        Assert.Equal(new Flag("f", "prod", true, 1, null), store.Get("f", "prod"));
        Assert.Equal(later, await Db.ScalarAsync<long>($"SELECT sg_version FROM {Db.QuotedSchema}.\"storegen_FlagStore\" WHERE \"Key\" = 'f'"));
    }

    /// <summary>Polls (a readiness probe with a deadline) until a session waits for a lock the session <paramref name="pid"/> holds.</summary>
    private async Task WaitUntilBlockedByAsync(int pid)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await Db.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE {pid} = ANY(pg_blocking_pids(pid))") == 0)
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
