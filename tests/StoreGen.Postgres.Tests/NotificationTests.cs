using System;
using System.Threading.Tasks;
using Npgsql;

namespace StoreGen.Postgres.Tests;

/// <summary>What a notification's payload (<c>store:version</c>) makes the listener poll, with no timer to fall back on.</summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task A_notification_polls_the_store_it_names_and_one_that_cannot_be_read_polls_every_store()
    {
        await using var db = new Database();
        var reader = new FlagStore();
        await db.StartAsync(options => options.PollInterval = TimeSpan.FromHours(1), reader);

        long version = await WriteAsync(db, "named", version => "FlagStore:" + version);
        await Converge.UntilAsync(reader, s => s.Get("named", "prod") is not null, $"the notification naming FlagStore at {version} is polled");

        await WriteAsync(db, "unnamed", _ => "not a store and version");
        await Converge.UntilAsync(reader, s => s.Get("unnamed", "prod") is not null, "an unreadable notification polls every store");
    }

    [Theory]
    [InlineData(":{0}")]
    [InlineData("FlagStore:")]
    [InlineData("FlagStore:+{0}")]
    public async Task A_payload_without_a_store_name_or_a_plain_version_polls_every_store(string format)
    {
        await using var db = new Database();
        var reader = new FlagStore();
        await db.StartAsync(options => options.PollInterval = TimeSpan.FromHours(1), reader);

        await WriteAsync(db, "unnamed", version => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, version));
        await Converge.UntilAsync(reader, s => s.Get("unnamed", "prod") is not null, $"a notification '{format}' polls every store");
    }

    [Fact]
    public async Task A_store_notified_twice_is_polled_up_to_the_newest_version_named()
    {
        await using var db = new Database();
        var reader = new FlagStore();
        await db.StartAsync(options => options.PollInterval = TimeSpan.FromHours(1), reader);
        await WriteAsync(db, "first", version => "FlagStore:" + version);
        await Converge.UntilAsync(reader, s => s.Get("first", "prod") is not null, "the first write is polled");

        // The newest version first, then an older one in the same transaction: the listener keeps the newest.
        await WriteAsync(db, "second", version => "FlagStore:" + version, version => "FlagStore:" + (version - 1));
        await Converge.UntilAsync(reader, s => s.Get("second", "prod") is not null, "the store is polled up to the newest version notified");
    }

    /// <summary>Commits one row as a writer would, then notifies with the payloads <paramref name="payloads"/> make of the version, in one transaction.</summary>
    private static async Task<long> WriteAsync(Database db, string key, params Func<long, string>[] payloads)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var write = new NpgsqlCommand(
            $"WITH v AS (UPDATE {db.QuotedSchema}.storegen_versions SET version = version + 1 WHERE store = 'FlagStore' RETURNING version), " +
            $"i AS (INSERT INTO {db.QuotedSchema}.\"storegen_FlagStore\" (\"Key\", \"Env\", sg_version, sg_deleted, sg_item) " +
            "SELECT $1, 'prod', v.version, false, jsonb_build_object('key', $1, 'env', 'prod', 'enabled', true, 'rollout', 5, 'description', null) FROM v) " +
            "SELECT version FROM v", connection);
        write.Parameters.AddWithValue(key);
        long version = (long)(await write.ExecuteScalarAsync())!;
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS p(payload, n) ORDER BY n", connection);
        notify.Parameters.AddWithValue("storegen:" + db.Schema);
        notify.Parameters.AddWithValue(Array.ConvertAll(payloads, payload => payload(version)));
        await notify.ExecuteNonQueryAsync();
        return version;
    }
}
