using System;
using System.Linq;
using System.Threading.Tasks;

namespace StoreGen.Postgres.Tests;

/// <summary>An account whose email is unique in the store (the database does not know it).</summary>
[Store(Keys = new[] { nameof(Id) })]
[Index(nameof(Email), Unique = true)]
public sealed partial record Account(string Id, string Email);

/// <summary>Two replicas claiming one unique value at once: every replica keeps the claim committed last.</summary>
public sealed class UniqueClashTests
{
    [Fact]
    public async Task A_remote_row_clashing_with_a_unique_index_displaces_the_earlier_holder_on_every_replica()
    {
        await using var db = new Database();
        var first = new AccountStore();
        var second = new AccountStore();
        // No notifications and an hour between polls: neither sees the other's claim before making its own.
        var firstBackend = await db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, first);
        var secondBackend = await db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, second);
        first.Upsert(new Account("first", "shared@example.com"));
        await first.WhenDurableAsync();
        second.Upsert(new Account("second", "shared@example.com"));   // commits after the first claim
        await second.WhenDurableAsync();

        await firstBackend.SyncAsync(default);
        await secondBackend.SyncAsync(default);
        var third = new AccountStore();
        await db.StartAsync(third);                                    // loads both rows from the table

        foreach (var store in new[] { first, second, third })
        {
            Assert.Equal(new[] { new Account("second", "shared@example.com") }, store.ToArray());
        }
        Assert.Null(firstBackend.LastError);
        first.Upsert(new Account("later", "later@example.com"));         // the store goes on
        await first.WhenDurableAsync();
        await secondBackend.SyncAsync(default);
        Assert.Equal(new[] { "later", "second" }, second.ToArray().Select(a => a.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_store_whose_changes_cannot_be_applied_does_not_stop_the_others_being_polled()
    {
        await using var db = new Database();
        var writer = (Flags: new FlagStore(), Accounts: new AccountStore());
        var reader = (Flags: new FlagStore(), Accounts: new AccountStore());
        await db.StartAsync(options => options.Listen = false, writer.Flags, writer.Accounts);
        var readerBackend = await db.StartAsync(options => { options.Listen = false; options.PollInterval = TimeSpan.FromHours(1); }, reader.Flags, reader.Accounts);
        writer.Flags.Upsert(new Flag("bad", "prod", true, 1, null));
        writer.Accounts.Upsert(new Account("ok", "ok@example.com"));
        await writer.Flags.WhenDurableAsync();
        await writer.Accounts.WhenDurableAsync();
        await db.ScalarAsync<int>($"WITH u AS (UPDATE {db.QuotedSchema}.\"storegen_FlagStore\" SET sg_item = '{{\"rollout\": \"not a number\"}}' RETURNING 1) SELECT count(*)::int FROM u");

        var error = await Assert.ThrowsAsync<StoreException>(() => readerBackend.SyncAsync(default));   // the flag store is polled first
        Assert.Contains("storegen_FlagStore", error.Message, StringComparison.Ordinal);
        Assert.Empty(reader.Flags);
        Assert.Equal(new[] { new Account("ok", "ok@example.com") }, reader.Accounts.ToArray());
    }

    [Fact]
    public async Task A_load_keeps_the_claim_committed_last_whatever_order_the_table_returns_rows_in()
    {
        await using var db = new Database();
        await db.StartAsync(new AccountStore());   // creates the table
        // The claim committed last (version 2) is stored first, so a plain scan returns it first.
        await db.ScalarAsync<int>(
            $"UPDATE {db.QuotedSchema}.storegen_versions SET version = 2 WHERE store = 'AccountStore'; " +
            $"INSERT INTO {db.QuotedSchema}.\"storegen_AccountStore\" (\"Id\", sg_version, sg_deleted, sg_item) VALUES " +
            "('later', 2, false, '{\"id\": \"later\", \"email\": \"shared@example.com\"}'), " +
            "('earlier', 1, false, '{\"id\": \"earlier\", \"email\": \"shared@example.com\"}'); SELECT 1");

        var loaded = new AccountStore();
        await db.StartAsync(loaded);
        Assert.Equal(new[] { new Account("later", "shared@example.com") }, loaded.ToArray());
    }
}
